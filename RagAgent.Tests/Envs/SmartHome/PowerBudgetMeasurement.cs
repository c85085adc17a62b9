using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

/// <summary>Mean return, success rate and share of episodes with at least one breaker trip.</summary>
internal readonly record struct PowerBudgetMeasurement(double MeanReturn, double SuccessRate, double TripShare)
{
    /// <summary>Plays episodes reset with seeds <c>0 .. episodes − 1</c> through the evaluation loop.</summary>
    public static PowerBudgetMeasurement Measure(SmartHomeEnv env, IBaselinePolicy policy, int episodes)
    {
        var recorder = new TripRecorder(env);
        EvaluationResult result = EpisodeRunner.Run(recorder, policy, new EvaluationOptions { Episodes = episodes, Seed = 0 });
        return new PowerBudgetMeasurement(result.MeanReturn, result.SuccessRate!.Value, recorder.EpisodesWithTrips / (double)episodes);
    }

    /// <summary>Counts the episodes that end with at least one breaker trip.</summary>
    private sealed class TripRecorder(SmartHomeEnv env) : IEnv
    {
        public int EpisodesWithTrips { get; private set; }

        public EnvSpec Spec => env.Spec;

        public ResetResult Reset(int? seed = null) => env.Reset(seed);

        public StepResult Step(int action)
        {
            StepResult step = env.Step(action);
            EpisodesWithTrips += step.Done && env.Trips > 0 ? 1 : 0;
            return step;
        }
    }
}
