using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies;

/// <summary>
/// A batch of observations in structure-of-arrays form, the input of <see cref="IActorCritic.Forward"/>.
/// Buffers are allocated once for <see cref="Capacity"/> rows and reused.
/// </summary>
public sealed class ObservationBatch
{
    /// <summary>Allocates buffers for <paramref name="capacity"/> observations of <paramref name="spec"/>.</summary>
    public ObservationBatch(EnvSpec spec, int capacity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        spec.Validate();
        Spec = spec;
        Capacity = capacity;
        TaskIds = new int[capacity];
        GoalFeatures = new float[capacity * spec.GoalFeatureSize];
        NodeIds = new int[capacity * spec.MaxNodes];
        NodeFeatures = new float[capacity * spec.MaxNodes * spec.NodeFeatureSize];
        NodeMask = new bool[capacity * spec.MaxNodes];
        Globals = new float[capacity * spec.GlobalFeatureSize];
        ActionMasks = new bool[capacity * spec.NumActions];
    }

    /// <summary>The spec every row follows.</summary>
    public EnvSpec Spec { get; }

    /// <summary>Number of rows the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>Task ids, <c>[Capacity]</c>.</summary>
    public int[] TaskIds { get; }

    /// <summary>Goal features, <c>[Capacity, GoalFeatureSize]</c>.</summary>
    public float[] GoalFeatures { get; }

    /// <summary>Node ids, <c>[Capacity, MaxNodes]</c>.</summary>
    public int[] NodeIds { get; }

    /// <summary>Node features, <c>[Capacity, MaxNodes, NodeFeatureSize]</c>.</summary>
    public float[] NodeFeatures { get; }

    /// <summary>Node padding mask, <c>[Capacity, MaxNodes]</c> (<c>true</c> = real node).</summary>
    public bool[] NodeMask { get; }

    /// <summary>Global features, <c>[Capacity, GlobalFeatureSize]</c>.</summary>
    public float[] Globals { get; }

    /// <summary>Action masks, <c>[Capacity, NumActions]</c> (<c>true</c> = allowed).</summary>
    public bool[] ActionMasks { get; }

    /// <summary>Copies <paramref name="observation"/> into row <paramref name="row"/>.</summary>
    public void Write(int row, Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Capacity, nameof(row));
        EnvSpec s = Spec;
        if (observation.ActionMask.Length != s.NumActions || observation.NodeIds.Length != s.MaxNodes
            || observation.NodeFeatures.Length != s.MaxNodes * s.NodeFeatureSize
            || observation.Globals.Length != s.GlobalFeatureSize || observation.GoalFeatures.Length != s.GoalFeatureSize)
        {
            throw new ArgumentException(
                $"Observation of '{observation.Spec.Id}' does not match the batch spec '{s.Id}' "
                + $"(actions {s.NumActions}, nodes {s.MaxNodes}x{s.NodeFeatureSize}, globals {s.GlobalFeatureSize}, goal {s.GoalFeatureSize}).",
                nameof(observation));
        }

        TaskIds[row] = observation.TaskId;
        observation.GoalFeatures.CopyTo(GoalFeatures.AsSpan(row * s.GoalFeatureSize, s.GoalFeatureSize));
        observation.NodeIds.CopyTo(NodeIds.AsSpan(row * s.MaxNodes, s.MaxNodes));
        observation.NodeFeatures.CopyTo(NodeFeatures.AsSpan(row * s.MaxNodes * s.NodeFeatureSize, s.MaxNodes * s.NodeFeatureSize));
        observation.NodeMask.CopyTo(NodeMask.AsSpan(row * s.MaxNodes, s.MaxNodes));
        observation.Globals.CopyTo(Globals.AsSpan(row * s.GlobalFeatureSize, s.GlobalFeatureSize));
        observation.ActionMask.CopyTo(ActionMasks.AsSpan(row * s.NumActions, s.NumActions));
    }

    /// <summary>Copies row <paramref name="row"/> into row <paramref name="destinationRow"/> of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has a spec of other sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside its batch's capacity.</exception>
    public void CopyRowTo(int row, ObservationBatch destination, int destinationRow)
    {
        ArgumentNullException.ThrowIfNull(destination);
        SpecShape.RequireSameShape(Spec, destination.Spec, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Capacity, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)destinationRow, (uint)destination.Capacity, nameof(destinationRow));
        EnvSpec s = Spec;
        destination.TaskIds[destinationRow] = TaskIds[row];
        CopyRow(GoalFeatures, destination.GoalFeatures, row, destinationRow, s.GoalFeatureSize);
        CopyRow(NodeIds, destination.NodeIds, row, destinationRow, s.MaxNodes);
        CopyRow(NodeFeatures, destination.NodeFeatures, row, destinationRow, s.MaxNodes * s.NodeFeatureSize);
        CopyRow(NodeMask, destination.NodeMask, row, destinationRow, s.MaxNodes);
        CopyRow(Globals, destination.Globals, row, destinationRow, s.GlobalFeatureSize);
        CopyRow(ActionMasks, destination.ActionMasks, row, destinationRow, s.NumActions);
    }

    /// <summary>The action mask of row <paramref name="row"/>, <c>[NumActions]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, Capacity).</exception>
    public ReadOnlySpan<bool> ActionMask(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Capacity, nameof(row));
        return ActionMasks.AsSpan(row * Spec.NumActions, Spec.NumActions);
    }

    private static void CopyRow<T>(T[] source, T[] destination, int row, int destinationRow, int width) =>
        source.AsSpan(row * width, width).CopyTo(destination.AsSpan(destinationRow * width, width));
}
