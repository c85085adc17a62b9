using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;

namespace RagAgent.Envs.Baselines;

/// <summary>
/// <c>graph-nav</c> greedy routing: moves to the neighbour closest (Euclidean) to the goal, preferring neighbours
/// not yet visited so it does not bounce between two nodes forever.
/// </summary>
public sealed class GraphNavGreedyPolicy : IBaselinePolicy
{
    /// <inheritdoc />
    public string Name => "greedy";

    /// <inheritdoc />
    public int Act(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        float[] f = observation.NodeFeatures;
        int best = -1;
        bool bestVisited = true;
        float bestDistance = float.PositiveInfinity;
        for (int i = 0; i < observation.Spec.MaxNodes; i++)
        {
            if (!observation.ActionMask[i])
            {
                continue;
            }

            int row = i * GraphNavEnv.NodeFeatureCount;
            float dx = f[row + GraphNavEnv.FeatureGoalDx];
            float dy = f[row + GraphNavEnv.FeatureGoalDy];
            float distance = (dx * dx) + (dy * dy);
            bool visited = f[row + GraphNavEnv.FeatureVisited] > 0f;
            if (best < 0 || (bestVisited && !visited) || (visited == bestVisited && distance < bestDistance))
            {
                best = i;
                bestVisited = visited;
                bestDistance = distance;
            }
        }

        return best >= 0 ? best : throw new ArgumentException("The observation's action mask allows no move.", nameof(observation));
    }
}
