using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Contracts;

/// <summary>
/// One observation as JSON. Sizes follow the policy's spec (<c>GET /v1/policies/{name}</c>): nodes may be fewer than
/// <c>maxNodes</c> (the rest is padding, whose actions must be masked), every other array has its exact size.
/// </summary>
public sealed record ObservationPayload
{
    /// <summary>Task id in [0, numTasks); required when the policy has tasks.</summary>
    public int? TaskId { get; init; }

    /// <summary>Goal features, <c>[goalFeatureSize]</c>; required when that size is positive.</summary>
    public float[]? GoalFeatures { get; init; }

    /// <summary>Node ids, <c>[nodes]</c> with nodes ≤ maxNodes, each in [0, nodeVocabSize); required when the policy embeds node ids.</summary>
    public int[]? NodeIds { get; init; }

    /// <summary>Node feature rows, <c>[nodes][nodeFeatureSize]</c>; required when that size is positive.</summary>
    public float[][]? NodeFeatures { get; init; }

    /// <summary>Optional padding mask over the given nodes, <c>[nodes]</c> (<c>true</c> = real node); default all true.</summary>
    public bool[]? NodeMask { get; init; }

    /// <summary>Global features, <c>[globalFeatureSize]</c>; required when that size is positive.</summary>
    public float[]? Globals { get; init; }

    /// <summary>Action mask, <c>[numActions]</c> (<c>true</c> = allowed), at least one true; always required.</summary>
    public bool[]? ActionMask { get; init; }

    /// <summary>
    /// The payload of <paramref name="observation"/>: arrays the spec sizes at 0 are left out, and nodes are sent up to
    /// the last real one (the rest is padding), with <c>nodeMask</c> only when a node among them is masked.
    /// </summary>
    public static ObservationPayload From(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        EnvSpec spec = observation.Spec;
        int nodes = spec.MaxNodes == 0 ? 0 : Math.Max(1, Array.LastIndexOf(observation.NodeMask, true) + 1);
        bool[] nodeMask = observation.NodeMask[..nodes];
        return new ObservationPayload
        {
            TaskId = spec.NumTasks > 0 ? observation.TaskId : null,
            GoalFeatures = spec.GoalFeatureSize > 0 ? (float[])observation.GoalFeatures.Clone() : null,
            NodeIds = nodes > 0 && spec.NodeVocabSize > 0 ? observation.NodeIds[..nodes] : null,
            NodeFeatures = nodes > 0 && spec.NodeFeatureSize > 0
                ? Enumerable.Range(0, nodes).Select(i => observation.NodeFeatures.AsSpan(i * spec.NodeFeatureSize, spec.NodeFeatureSize).ToArray()).ToArray()
                : null,
            NodeMask = Array.IndexOf(nodeMask, false) >= 0 ? nodeMask : null,
            Globals = spec.GlobalFeatureSize > 0 ? (float[])observation.Globals.Clone() : null,
            ActionMask = (bool[])observation.ActionMask.Clone(),
        };
    }
}
