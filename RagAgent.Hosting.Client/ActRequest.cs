namespace RagAgent.Hosting.Contracts;

/// <summary>
/// Body of <c>POST /v1/policies/{name}:act</c>: either one <see cref="Observation"/> or a batch of
/// <see cref="Instances"/>, never both.
/// </summary>
public sealed record ActRequest
{
    /// <summary>The observation to act on (single form).</summary>
    public ObservationPayload? Observation { get; init; }

    /// <summary>The observations to act on (batch form).</summary>
    public IReadOnlyList<ActInstance>? Instances { get; init; }

    /// <summary>True (default) picks the most probable allowed action; false samples from the masked distribution.</summary>
    public bool? Deterministic { get; init; }

    /// <summary>Seed of the sampler when <see cref="Deterministic"/> is false, for reproducible answers.</summary>
    public long? Seed { get; init; }
}

/// <summary>One instance of a batch <c>:act</c> request.</summary>
public sealed record ActInstance
{
    /// <summary>The observation.</summary>
    public ObservationPayload? Observation { get; init; }

    /// <summary>Overrides the request's <see cref="ActRequest.Deterministic"/> for this instance.</summary>
    public bool? Deterministic { get; init; }
}
