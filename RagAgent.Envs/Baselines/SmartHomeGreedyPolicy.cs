using RagAgent.Envs.Abstractions;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Envs.Baselines;

/// <summary>
/// <c>smart-home</c> greedy: sets the first online device that the scene cares about and that does not match to its
/// target (in device order), and declares "done" when none is left. It ignores the power budget: it never switches
/// off devices the scene does not care about and does not order its fixes by headroom, so it can trip the circuit
/// breaker (then it starts over from the all-off home, which always fits the scene).
/// </summary>
public sealed class SmartHomeGreedyPolicy : IBaselinePolicy
{
    /// <inheritdoc />
    public string Name => "greedy";

    /// <inheritdoc />
    public int Act(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        float[] f = observation.NodeFeatures;
        for (int d = 0; d < observation.Spec.MaxNodes; d++)
        {
            int row = d * SmartHomeEnv.NodeFeatureCount;
            if (f[row + SmartHomeEnv.FeatureOnline] == 0f || f[row + SmartHomeEnv.FeatureCares] == 0f || f[row + SmartHomeEnv.FeatureMatches] > 0f)
            {
                continue;
            }

            int choice = f[row + SmartHomeEnv.FeatureTargetOn] == 0f ? SmartHomeEnv.Toggle
                : f[row + SmartHomeEnv.FeatureTargetHigh] > 0f ? SmartHomeEnv.SetHigh : SmartHomeEnv.SetLow;
            return (d * SmartHomeEnv.ChoicesPerDevice) + choice;
        }

        return observation.Spec.NodeActions;
    }
}
