using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Envs.Baselines;

/// <summary>Reference policies for the built-in multi-goal envs and a way to measure any policy on an env.</summary>
public static class BuiltInBaselines
{
    /// <summary>Ids of the envs that have a greedy heuristic.</summary>
    public static IReadOnlyList<string> EnvIds { get; } = [GraphNavEnv.Id, RetrievalEnv.Id, SmartHomeEnv.Id, TaskSelectEnv.Id];

    /// <summary>The greedy heuristic of a built-in env.</summary>
    /// <exception cref="ArgumentException"><paramref name="envId"/> has no heuristic.</exception>
    public static IBaselinePolicy Greedy(string envId) => envId switch
    {
        GraphNavEnv.Id => new GraphNavGreedyPolicy(),
        RetrievalEnv.Id => new RetrievalGreedyPolicy(),
        SmartHomeEnv.Id => new SmartHomeGreedyPolicy(),
        TaskSelectEnv.Id => new TaskSelectGreedyPolicy(),
        _ => throw new ArgumentException($"No greedy baseline for env '{envId}'. Known: {string.Join(", ", EnvIds)}.", nameof(envId)),
    };

    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="policy"/> on <paramref name="env"/>, episode
    /// <c>e</c> reset with seed <c>seed + e</c>, and returns the mean return and success rate.
    /// </summary>
    /// <param name="env">The env; it must end every episode (terminate or truncate).</param>
    /// <param name="policy">The policy to measure.</param>
    /// <param name="episodes">Number of episodes, at least 1.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <param name="maxStepsPerEpisode">Guard against an env that never ends; exceeding it throws.</param>
    public static BaselineResult Measure(IEnv env, IBaselinePolicy policy, int episodes, int seed, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        double sum = 0, sumSquares = 0, successes = 0, length = 0;
        for (int e = 0; e < episodes; e++)
        {
            Observation observation = env.Reset(seed + e).Observation;
            double episodeReturn = 0;
            int steps = 0;
            while (true)
            {
                StepResult step = env.Step(policy.Act(observation));
                episodeReturn += step.Reward;
                steps++;
                if (step.Done)
                {
                    successes += step.Info.IsSuccess ? 1 : 0;
                    break;
                }

                if (steps >= maxStepsPerEpisode)
                {
                    throw new InvalidOperationException(
                        $"Env '{env.Spec.Id}' ran {steps} steps without ending an episode (maxStepsPerEpisode = {maxStepsPerEpisode}).");
                }

                observation = step.Observation;
            }

            sum += episodeReturn;
            sumSquares += episodeReturn * episodeReturn;
            length += steps;
        }

        double mean = sum / episodes;
        double variance = Math.Max(0, (sumSquares / episodes) - (mean * mean));
        return new BaselineResult(episodes, mean, Math.Sqrt(variance), successes / episodes, length / episodes);
    }
}
