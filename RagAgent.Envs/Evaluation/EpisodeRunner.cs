using System.Globalization;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Vector;

namespace RagAgent.Envs.Evaluation;

/// <summary>
/// The evaluation loop, the only one in RagAgent: plays whole episodes of a policy and summarises them. The fixed
/// baselines run through it directly; RagAgent.Core's <c>Evaluator</c> runs a trained actor-critic through it. An
/// episode's return, length and success are summed here, once: success means some step of the episode reported
/// <see cref="EnvInfo.IsSuccess"/>. A non-finite reward stops the evaluation with an error naming the env, the
/// episode and the step; nothing is averaged silently. The loop allocates nothing per step.
/// </summary>
public static class EpisodeRunner
{
    /// <summary>
    /// Plays <see cref="EvaluationOptions.Episodes"/> episodes on <paramref name="env"/>, episode <c>k</c> reset with
    /// seed <c>Seed + k</c>, one observation per policy call.
    /// </summary>
    /// <param name="env">The env; the caller keeps ownership.</param>
    /// <param name="policy">Chooses the actions.</param>
    /// <param name="options">Episodes, seed, step guard and success declaration.</param>
    /// <exception cref="NotFiniteNumberException">A reward was NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">An episode exceeded the step guard, or success was reported by an env declared to have none.</exception>
    public static EvaluationResult Run(IEnv env, IBatchPolicy policy, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        using var episodes = new SeededEpisodes(env);
        return Run(episodes, policy, options);
    }

    /// <summary>
    /// Plays <see cref="EvaluationOptions.Episodes"/> episodes on the copies of <paramref name="envs"/>, reset once
    /// with <see cref="EvaluationOptions.Seed"/>, with one policy call per step for all copies. Copy <c>i</c>
    /// contributes <c>(Episodes + i) / NumEnvs</c> episodes (Stable-Baselines3's split), so short episodes do not
    /// crowd out long ones; episodes a copy plays beyond its share are not counted.
    /// </summary>
    /// <param name="envs">The vector env; the caller keeps ownership.</param>
    /// <param name="policy">Chooses the actions, <c>[NumEnvs]</c> per call.</param>
    /// <param name="options">Episodes, seed, step guard and success declaration.</param>
    /// <exception cref="NotFiniteNumberException">A reward was NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">An episode exceeded the step guard, or success was reported by an env declared to have none.</exception>
    public static EvaluationResult Run(IVectorEnv envs, IBatchPolicy policy, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = envs.NumEnvs;
        var running = new RunningEpisode[n];
        var shares = new int[n];
        var actions = new int[n];
        var log = new EpisodeLog(options.Episodes);
        for (int i = 0; i < n; i++)
        {
            shares[i] = (options.Episodes + i) / n;
        }

        VectorStepResult result = envs.Reset(options.Seed);
        for (int i = 0; i < n; i++)
        {
            running[i].TaskId = result.Observations.TaskIds[i];
        }

        while (log.Count < options.Episodes)
        {
            policy.Act(result.Observations, actions);
            result = envs.Step(actions);
            for (int i = 0; i < n; i++)
            {
                ref RunningEpisode episode = ref running[i];
                float reward = result.Rewards[i];
                episode.Length++;
                if (!float.IsFinite(reward))
                {
                    ThrowNonFiniteReward(envs, i, episode, reward);
                }

                episode.Return += reward;
                if (result.Infos[i].IsSuccess)
                {
                    if ((options.HasSuccess ?? envs.Spec.HasSuccess) == false)
                    {
                        ThrowUndeclaredSuccess(envs, i, episode, options.HasSuccess == false ? "EvaluationOptions.HasSuccess is false" : "the env's spec says HasSuccess = false");
                    }

                    episode.IsSuccess = true;
                }

                if (!result.Done(i))
                {
                    if (episode.Length >= options.MaxStepsPerEpisode)
                    {
                        ThrowEndless(envs, i, episode, options.MaxStepsPerEpisode);
                    }

                    continue;
                }

                if (episode.Counted < shares[i])
                {
                    log.Add(episode.TaskId, episode.Return, episode.Length, episode.IsSuccess);
                    episode.Counted++;
                }

                episode = new RunningEpisode
                {
                    Index = episode.Index + 1,
                    Counted = episode.Counted,
                    TaskId = result.Observations.TaskIds[i],
                };
            }
        }

        return log.Summarise(HasSuccess(options, envs.Spec, log.AnySuccess));
    }

    /// <summary>
    /// Whether the evaluated env has a notion of success: the caller's declaration, else <see cref="EnvSpec.SuccessDefined"/>.
    /// </summary>
    private static bool HasSuccess(EvaluationOptions options, EnvSpec spec, bool anySuccess) =>
        options.HasSuccess ?? spec.SuccessDefined(anySuccess);

    private static string Where(IVectorEnv envs, int copy, RunningEpisode episode)
    {
        string which = envs is SeededEpisodes seeded
            ? $"episode {episode.Index} (reset with seed {seeded.SeedOf(episode.Index)?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
            : $"copy {copy}, episode {episode.Index} of that copy";
        return $"env '{envs.Spec.Id}', {which}, step {episode.Length} (episodes count from 0, steps from 1)";
    }

    private static void ThrowNonFiniteReward(IVectorEnv envs, int copy, RunningEpisode episode, float reward) =>
        throw new NotFiniteNumberException(
            string.Create(CultureInfo.InvariantCulture, $"Evaluation: reward {reward} at {Where(envs, copy, episode)}; a non-finite reward cannot be averaged into a return."),
            reward);

    private static void ThrowUndeclaredSuccess(IVectorEnv envs, int copy, RunningEpisode episode, string declaration) =>
        throw new InvalidOperationException(
            $"Evaluation: success reported at {Where(envs, copy, episode)}, but {declaration} (the env was declared to have no notion of success).");

    private static void ThrowEndless(IVectorEnv envs, int copy, RunningEpisode episode, int maxSteps) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"Evaluation: the episode at {Where(envs, copy, episode)} has not ended (EvaluationOptions.MaxStepsPerEpisode = {maxSteps}); give the env a time limit or raise the guard."));

    /// <summary>The episode a copy is playing and how many of its episodes were counted.</summary>
    private struct RunningEpisode
    {
        public int Index;
        public int Counted;
        public int TaskId;
        public double Return;
        public int Length;
        public bool IsSuccess;
    }
}
