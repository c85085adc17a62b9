using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.GraphNav;

/// <summary>Settings of <see cref="GraphNavEnv"/>. The graph and the held-out goals are fixed by <see cref="WorldSeed"/>.</summary>
public sealed record GraphNavOptions
{
    /// <summary>Number of graph nodes (the node set and the number of goals).</summary>
    public int NumNodes { get; init; } = 16;

    /// <summary>Nodes closer than this (in the unit square) are linked; a spanning tree keeps the graph connected.</summary>
    public float ConnectionRadius { get; init; } = 0.3f;

    /// <summary>Fraction of nodes that are never goals in <see cref="GoalSplit.Train"/> mode.</summary>
    public float HeldOutFraction { get; init; } = 0.25f;

    /// <summary>Which goals are sampled at reset.</summary>
    public GoalSplit Goals { get; init; } = GoalSplit.Train;

    /// <summary>Reward on reaching the goal.</summary>
    public float GoalReward { get; init; } = 1f;

    /// <summary>Cost subtracted on every step that does not reach the goal.</summary>
    public float StepCost { get; init; } = 0.01f;

    /// <summary>Truncation limit; null gives <c>2 × NumNodes</c>.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Seed of the world: node positions, edges and held-out goals.</summary>
    public long WorldSeed { get; init; }

    /// <summary>The truncation limit in force.</summary>
    public int EpisodeStepLimit => MaxEpisodeSteps ?? 2 * NumNodes;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (NumNodes < 2)
        {
            throw new ArgumentException($"GraphNavOptions.NumNodes must be >= 2, got {NumNodes}.", nameof(NumNodes));
        }

        if (!(ConnectionRadius >= 0f) || float.IsInfinity(ConnectionRadius))
        {
            throw new ArgumentException($"GraphNavOptions.ConnectionRadius must be finite and >= 0, got {ConnectionRadius}.", nameof(ConnectionRadius));
        }

        if (!(HeldOutFraction >= 0f && HeldOutFraction < 1f))
        {
            throw new ArgumentException($"GraphNavOptions.HeldOutFraction must lie in [0, 1), got {HeldOutFraction}.", nameof(HeldOutFraction));
        }

        Randomness.GoalPool.ValidateSplit(Goals, HeldOutFraction, nameof(Goals));
        if (!float.IsFinite(GoalReward) || !float.IsFinite(StepCost))
        {
            throw new ArgumentException("GraphNavOptions.GoalReward and StepCost must be finite.", nameof(GoalReward));
        }

        if (MaxEpisodeSteps is < 1)
        {
            throw new ArgumentException($"GraphNavOptions.MaxEpisodeSteps must be positive, got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        }
    }
}
