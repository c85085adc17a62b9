using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Baselines;

/// <summary>
/// <c>retrieval</c> greedy retriever: retrieves the unretrieved document with the highest cosine similarity to the
/// query, and stops when no remaining document reaches <see cref="StopThreshold"/>.
/// </summary>
public sealed class RetrievalGreedyPolicy : IBaselinePolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="stopThreshold">Similarity below which the policy stops instead of retrieving.</param>
    public RetrievalGreedyPolicy(float stopThreshold = 0.4f)
    {
        StopThreshold = stopThreshold;
    }

    /// <summary>Similarity below which the policy stops instead of retrieving.</summary>
    public float StopThreshold { get; }

    /// <inheritdoc />
    public string Name => "greedy";

    /// <inheritdoc />
    public int Act(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        EnvSpec spec = observation.Spec;
        int similarity = spec.GoalFeatureSize;
        int best = -1;
        float bestSimilarity = float.NegativeInfinity;
        for (int i = 0; i < spec.MaxNodes; i++)
        {
            float s = observation.NodeFeatures[(i * spec.NodeFeatureSize) + similarity];
            if (observation.ActionMask[i] && s > bestSimilarity)
            {
                best = i;
                bestSimilarity = s;
            }
        }

        return best >= 0 && bestSimilarity >= StopThreshold ? best : spec.NodeActions;
    }
}
