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
}
