using RagAgent.Envs.Abstractions;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Envs.Baselines;

/// <summary><c>task-select</c> greedy: works on the available sub-task with the highest goal weight (lowest index on ties).</summary>
public sealed class TaskSelectGreedyPolicy : IBaselinePolicy
{
    /// <inheritdoc />
    public string Name => "greedy";

    /// <inheritdoc />
    public int Act(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        int best = -1;
        float bestWeight = float.NegativeInfinity;
        for (int i = 0; i < observation.Spec.MaxNodes; i++)
        {
            float weight = observation.NodeFeatures[(i * TaskSelectEnv.NodeFeatureCount) + TaskSelectEnv.FeatureWeight];
            if (observation.ActionMask[i] && weight > bestWeight)
            {
                best = i;
                bestWeight = weight;
            }
        }

        return best >= 0 ? best : throw new ArgumentException("The observation's action mask allows no sub-task.", nameof(observation));
    }
}
