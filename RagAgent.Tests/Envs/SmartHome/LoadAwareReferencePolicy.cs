using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

/// <summary>
/// Test-only <c>smart-home</c> reference that respects the power budget: first the fixes that lower a device's draw
/// (switch-offs, high → low), then the fixes that raise it and fit the headroom, and when none fits it switches off a
/// powered device the scene does not care about; then "done". It never trips the breaker: once the decreases are
/// done, the cared devices draw at most the scene's target draw, which fits the budget.
/// </summary>
internal sealed class LoadAwareReferencePolicy(float powerBudget) : IBaselinePolicy
{
    public string Name => "load-aware";

    public int Act(Observation observation)
    {
        float[] f = observation.NodeFeatures;
        int devices = observation.Spec.MaxNodes;
        int load = 0;
        for (int d = 0; d < devices; d++)
        {
            load += CurrentDraw(f, d);
        }

        int increase = -1;
        int uncaredOn = -1;
        for (int d = 0; d < devices; d++)
        {
            int row = d * SmartHomeEnv.NodeFeatureCount;
            if (f[row + SmartHomeEnv.FeatureOnline] == 0f)
            {
                continue;
            }

            if (f[row + SmartHomeEnv.FeatureCares] == 0f)
            {
                uncaredOn = uncaredOn < 0 && CurrentDraw(f, d) > 0 ? d : uncaredOn;
                continue;
            }

            if (f[row + SmartHomeEnv.FeatureMatches] > 0f)
            {
                continue;
            }

            int change = TargetDraw(f, d) - CurrentDraw(f, d);
            if (change < 0)
            {
                return FixAction(f, d);
            }

            increase = increase < 0 && load + change <= powerBudget ? d : increase;
        }

        if (increase >= 0)
        {
            return FixAction(f, increase);
        }

        return uncaredOn >= 0 && HasMismatch(f, devices) ? (uncaredOn * SmartHomeEnv.ChoicesPerDevice) + SmartHomeEnv.Toggle : observation.Spec.NodeActions;
    }

    private static int CurrentDraw(float[] f, int d)
    {
        int row = d * SmartHomeEnv.NodeFeatureCount;
        return f[row + SmartHomeEnv.FeatureOnline] == 0f || f[row + SmartHomeEnv.FeatureOn] == 0f ? 0 : f[row + SmartHomeEnv.FeatureHigh] > 0f ? 2 : 1;
    }

    private static int TargetDraw(float[] f, int d)
    {
        int row = d * SmartHomeEnv.NodeFeatureCount;
        return f[row + SmartHomeEnv.FeatureTargetOn] == 0f ? 0 : f[row + SmartHomeEnv.FeatureTargetHigh] > 0f ? 2 : 1;
    }

    private static bool HasMismatch(float[] f, int devices)
    {
        for (int d = 0; d < devices; d++)
        {
            int row = d * SmartHomeEnv.NodeFeatureCount;
            if (f[row + SmartHomeEnv.FeatureOnline] > 0f && f[row + SmartHomeEnv.FeatureCares] > 0f && f[row + SmartHomeEnv.FeatureMatches] == 0f)
            {
                return true;
            }
        }

        return false;
    }

    private static int FixAction(float[] f, int d)
    {
        int row = d * SmartHomeEnv.NodeFeatureCount;
        int choice = f[row + SmartHomeEnv.FeatureTargetOn] == 0f ? SmartHomeEnv.Toggle
            : f[row + SmartHomeEnv.FeatureTargetHigh] > 0f ? SmartHomeEnv.SetHigh : SmartHomeEnv.SetLow;
        return (d * SmartHomeEnv.ChoicesPerDevice) + choice;
    }
}
