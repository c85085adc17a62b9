namespace RagAgent.Envs.Abstractions;

/// <summary>
/// One observation: the task, the node set with its padding mask, the global features and the action mask.
/// Buffers are allocated once for an <see cref="EnvSpec"/> and overwritten in place, so stepping allocates nothing.
/// </summary>
/// <remarks>
/// An observation returned by <see cref="IEnv.Reset"/> or <see cref="IEnv.Step"/> may be the env's own buffer and
/// is valid until the env's next call; use <see cref="CopyTo"/> or <see cref="Clone"/> to keep it.
/// </remarks>
public sealed class Observation
{
    /// <summary>Allocates zeroed buffers sized for <paramref name="spec"/>, with every action and node allowed.</summary>
    public Observation(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        GoalFeatures = new float[spec.GoalFeatureSize];
        NodeIds = new int[spec.MaxNodes];
        NodeFeatures = new float[spec.MaxNodes * spec.NodeFeatureSize];
        NodeMask = new bool[spec.MaxNodes];
        Globals = new float[spec.GlobalFeatureSize];
        ActionMask = new bool[spec.NumActions];
        Array.Fill(NodeMask, true);
        Array.Fill(ActionMask, true);
    }

    /// <summary>The spec these buffers are sized for.</summary>
    public EnvSpec Spec { get; }

    /// <summary>Task (goal) id in [0, NumTasks); 0 when the env has a single task.</summary>
    public int TaskId { get; set; }

    /// <summary>Goal features, <c>[GoalFeatureSize]</c>.</summary>
    public float[] GoalFeatures { get; }

    /// <summary>Node ids for the node embedding, <c>[MaxNodes]</c>, each in [0, NodeVocabSize).</summary>
    public int[] NodeIds { get; }

    /// <summary>Node feature rows, row-major <c>[MaxNodes, NodeFeatureSize]</c>.</summary>
    public float[] NodeFeatures { get; }

    /// <summary>Padding mask over nodes, <c>[MaxNodes]</c>: <c>true</c> for a real node, <c>false</c> for padding.</summary>
    public bool[] NodeMask { get; }

    /// <summary>Global features, <c>[GlobalFeatureSize]</c>.</summary>
    public float[] Globals { get; }

    /// <summary>Action mask, <c>[NumActions]</c>: <c>true</c> where the action is allowed in the current state.</summary>
    public bool[] ActionMask { get; }

    /// <summary>Copies every buffer into <paramref name="destination"/>, whose spec must have the same shape (<see cref="EnvSpec.RequireSameShape"/>).</summary>
    public void CopyTo(Observation destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Spec.RequireSameShape(destination.Spec, nameof(destination));

        destination.TaskId = TaskId;
        GoalFeatures.AsSpan().CopyTo(destination.GoalFeatures);
        NodeIds.AsSpan().CopyTo(destination.NodeIds);
        NodeFeatures.AsSpan().CopyTo(destination.NodeFeatures);
        NodeMask.AsSpan().CopyTo(destination.NodeMask);
        Globals.AsSpan().CopyTo(destination.Globals);
        ActionMask.AsSpan().CopyTo(destination.ActionMask);
    }

    /// <summary>Returns a new observation with copies of every buffer.</summary>
    public Observation Clone()
    {
        var copy = new Observation(Spec);
        CopyTo(copy);
        return copy;
    }

    /// <summary>True when at least one action is allowed.</summary>
    public bool HasAllowedAction() => ActionMask.AsSpan().Contains(true);
}
