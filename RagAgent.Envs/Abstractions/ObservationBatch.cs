namespace RagAgent.Envs.Abstractions;

/// <summary>
/// A batch of observations in structure-of-arrays form: what a vector env returns (row i = copy i), what a rollout
/// buffer stores and what a policy network reads (RagAgent.Core's <c>IActorCritic.Forward</c>).
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
    /// <exception cref="ArgumentException">The observation's buffers do not have the batch spec's sizes (names both specs).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, Capacity).</exception>
    public void Write(int row, Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Capacity, nameof(row));
        EnvSpec s = Spec;
        s.RequireSameShape(observation.Spec, nameof(observation));

        TaskIds[row] = observation.TaskId;
        CopyPart(observation.GoalFeatures, GoalFeatures, row);
        CopyPart(observation.NodeIds, NodeIds, row);
        CopyPart(observation.NodeFeatures, NodeFeatures, row);
        CopyPart(observation.NodeMask, NodeMask, row);
        CopyPart(observation.Globals, Globals, row);
        CopyPart(observation.ActionMask, ActionMasks, row);
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/>, an observation of the same sizes.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has other sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, Capacity).</exception>
    public void ReadRow(int row, Observation destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Capacity, nameof(row));
        EnvSpec s = Spec;
        s.RequireSameShape(destination.Spec, nameof(destination));

        destination.TaskId = TaskIds[row];
        ReadPart(GoalFeatures, destination.GoalFeatures, row);
        ReadPart(NodeIds, destination.NodeIds, row);
        ReadPart(NodeFeatures, destination.NodeFeatures, row);
        ReadPart(NodeMask, destination.NodeMask, row);
        ReadPart(Globals, destination.Globals, row);
        ReadPart(ActionMasks, destination.ActionMask, row);
    }

    /// <summary>Row <paramref name="row"/> as a new observation (allocates; for tests and inspection, not hot loops).</summary>
    public Observation GetRow(int row)
    {
        var observation = new Observation(Spec);
        ReadRow(row, observation);
        return observation;
    }

    /// <summary>Copies row <paramref name="row"/> into row <paramref name="destinationRow"/> of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has a spec of other sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside its batch's capacity.</exception>
    public void CopyRowTo(int row, ObservationBatch destination, int destinationRow)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Spec.RequireSameShape(destination.Spec, nameof(destination));
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

    // Empty parts (CartPole has four) are skipped: for small observations that halves the copy cost.
    private static void CopyPart<T>(T[] source, T[] destination, int row)
    {
        if (source.Length != 0)
        {
            source.AsSpan().CopyTo(destination.AsSpan(row * source.Length, source.Length));
        }
    }

    private static void ReadPart<T>(T[] source, T[] destination, int row)
    {
        if (destination.Length != 0)
        {
            source.AsSpan(row * destination.Length, destination.Length).CopyTo(destination);
        }
    }

    private static void CopyRow<T>(T[] source, T[] destination, int row, int destinationRow, int width) =>
        source.AsSpan(row * width, width).CopyTo(destination.AsSpan(destinationRow * width, width));
}
