using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

/// <summary>Mean return, success rate and share of episodes with at least one breaker trip.</summary>
internal readonly record struct PowerBudgetMeasurement(double MeanReturn, double SuccessRate, double TripShare)
{
    /// <summary>Plays episodes reset with seeds <c>0 .. episodes − 1</c>.</summary>
    public static PowerBudgetMeasurement Measure(SmartHomeEnv env, IBaselinePolicy policy, int episodes)
    {
        double returns = 0, successes = 0, tripped = 0;
        for (int e = 0; e < episodes; e++)
        {
            Observation observation = env.Reset(e).Observation;
            while (true)
            {
                StepResult step = env.Step(policy.Act(observation));
                returns += step.Reward;
                if (step.Done)
                {
                    successes += step.Info.IsSuccess ? 1 : 0;
                    break;
                }

                observation = step.Observation;
            }

            tripped += env.Trips > 0 ? 1 : 0;
        }

        return new PowerBudgetMeasurement(returns / episodes, successes / episodes, tripped / episodes);
    }
}
