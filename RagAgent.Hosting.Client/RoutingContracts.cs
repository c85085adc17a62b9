namespace RagAgent.Hosting.Contracts;

/// <summary>Body of <c>PUT /v1/policies/{name}/labels/{label}</c>.</summary>
public sealed record LabelRequest
{
    /// <summary>The ready version the label points at.</summary>
    public int Version { get; init; }
}

/// <summary>Version labels of a policy and the traffic split of its unpinned <c>:act</c> requests.</summary>
/// <param name="Labels">Label → version (for example <c>stable</c> → 2, <c>canary</c> → 3).</param>
/// <param name="Traffic">Label → integer weight; empty: unpinned requests go to the active version.</param>
public sealed record RoutingResponse(IReadOnlyDictionary<string, int> Labels, IReadOnlyDictionary<string, int> Traffic);
