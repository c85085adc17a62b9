using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Retrieval;

/// <summary>Settings of <see cref="RetrievalEnv"/>. The corpus, the queries and the held-out queries are fixed by <see cref="WorldSeed"/>.</summary>
public sealed record RetrievalOptions
{
    /// <summary>Documents in the knowledge base (the node set).</summary>
    public int NumDocuments { get; init; } = 32;

    /// <summary>Length of the document and query embedding vectors.</summary>
    public int EmbeddingSize { get; init; } = 12;

    /// <summary>Latent topics; a document is relevant to a query when both come from the same topic.</summary>
    public int NumTopics { get; init; } = 8;

    /// <summary>
    /// Number of queries (task ids). The default 256 holds out 64: with 48 (12 held out, 36 to train on) the held-out
    /// figures moved in steps of 1/12 and PPO did not generalise beyond the greedy retriever.
    /// </summary>
    public int NumQueries { get; init; } = 256;

    /// <summary>Standard deviation of the per-component noise added to a unit topic vector to make a document embedding.</summary>
    public float DocumentNoise { get; init; } = 0.2f;

    /// <summary>Standard deviation of the per-component noise added to a unit topic vector to make a query embedding.</summary>
    public float QueryNoise { get; init; } = 0.2f;

    /// <summary>Retrievals allowed per episode; the episode terminates when they are used up.</summary>
    public int Budget { get; init; } = 8;

    /// <summary>Reward for retrieving a relevant document.</summary>
    public float RelevantReward { get; init; } = 1f;

    /// <summary>Cost of retrieving an irrelevant document.</summary>
    public float IrrelevantCost { get; init; } = 0.2f;

    /// <summary>Bonus for choosing "stop" once every relevant document is retrieved.</summary>
    public float StopBonus { get; init; } = 0.5f;

    /// <summary>Fraction of queries never used in <see cref="GoalSplit.Train"/> mode.</summary>
    public float HeldOutFraction { get; init; } = 0.25f;

    /// <summary>Which queries are sampled at reset.</summary>
    public GoalSplit Goals { get; init; } = GoalSplit.Train;

    /// <summary>Optional truncation limit; null leaves the episode bounded by the budget (at most <c>Budget</c> steps).</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Seed of the world: topics, documents, queries and the held-out split.</summary>
    public long WorldSeed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(NumDocuments >= 1, nameof(NumDocuments), $"must be >= 1, got {NumDocuments}");
        Require(EmbeddingSize >= 1, nameof(EmbeddingSize), $"must be >= 1, got {EmbeddingSize}");
        Require(NumTopics >= 1 && NumTopics <= NumDocuments, nameof(NumTopics), $"must lie in [1, NumDocuments], got {NumTopics}");
        Require(NumQueries >= 1, nameof(NumQueries), $"must be >= 1, got {NumQueries}");
        Require(DocumentNoise >= 0f && float.IsFinite(DocumentNoise), nameof(DocumentNoise), $"must be finite and >= 0, got {DocumentNoise}");
        Require(QueryNoise >= 0f && float.IsFinite(QueryNoise), nameof(QueryNoise), $"must be finite and >= 0, got {QueryNoise}");
        Require(Budget >= 1, nameof(Budget), $"must be >= 1, got {Budget}");
        Require(float.IsFinite(RelevantReward), nameof(RelevantReward), "must be finite");
        Require(float.IsFinite(IrrelevantCost), nameof(IrrelevantCost), "must be finite");
        Require(float.IsFinite(StopBonus), nameof(StopBonus), "must be finite");
        Require(HeldOutFraction >= 0f && HeldOutFraction < 1f, nameof(HeldOutFraction), $"must lie in [0, 1), got {HeldOutFraction}");
        GoalPool.ValidateSplit(Goals, HeldOutFraction, nameof(Goals));
        Require(MaxEpisodeSteps is null or >= 1, nameof(MaxEpisodeSteps), $"must be positive, got {MaxEpisodeSteps}");
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"RetrievalOptions.{field} {message}.", field);
        }
    }
}
