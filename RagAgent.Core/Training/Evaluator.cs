using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Training;

/// <summary>
/// Runs a policy for whole episodes on an env (or the copies of a vector env) and summarises the returns.
/// On a single env episode <c>k</c> is reset with seed <c>seed + k</c>, so an evaluation is reproducible; actions
/// are the mask-respecting mode (deterministic) or samples drawn from a generator seeded with <c>seed</c>.
/// </summary>
public sealed class Evaluator
{
    private readonly IActorCritic _policy;
    private readonly ObservationBatch _batch;
    private readonly float[] _logits;
    private readonly float[] _value = new float[1];

    /// <summary>Prepares buffers for evaluating <paramref name="policy"/> one observation at a time.</summary>
    public Evaluator(IActorCritic policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _batch = new ObservationBatch(policy.Spec, 1);
        _logits = new float[policy.Spec.NumActions];
    }

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes on the copies of <paramref name="envs"/> with one batched forward pass
    /// per step. Copy <c>i</c> contributes <c>(episodes + i) / NumEnvs</c> episodes (Stable-Baselines3's split), so
    /// short episodes do not crowd out long ones. The vector env is reset with <paramref name="seed"/>.
    /// </summary>
    /// <param name="envs">A vector env whose copies have the policy's spec sizes.</param>
    /// <param name="episodes">Number of episodes, at least 1.</param>
    /// <param name="deterministic">Take the most probable allowed action instead of sampling.</param>
    /// <param name="seed">Seeds the vector env's reset and the sampler.</param>
    public EvaluationResult Evaluate(IVectorEnv envs, int episodes, bool deterministic = true, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        int n = envs.NumEnvs;
        if (envs.Spec.NumActions != _policy.Spec.NumActions)
        {
            throw new ArgumentException(
                $"envs '{envs.Spec.Id}' has {envs.Spec.NumActions} actions; the policy takes {_policy.Spec.NumActions}.", nameof(envs));
        }

        int numActions = _policy.Spec.NumActions;
        var batch = new ObservationBatch(_policy.Spec, n);
        var logits = new float[n * numActions];
        var values = new float[n];
        var actions = new int[n];
        var logProbs = new float[n];
        var targets = new int[n];
        var counts = new int[n];
        var returns = new double[n];
        var lengths = new int[n];
        var successes = new bool[n];
        for (int i = 0; i < n; i++)
        {
            targets[i] = (episodes + i) / n;
        }

        var random = new EnvRandom(seed);
        double sum = 0, sumSquares = 0, totalLength = 0;
        int finished = 0, successCount = 0;
        VectorStepResult result = envs.Reset(seed);
        while (finished < episodes)
        {
            for (int i = 0; i < n; i++)
            {
                result.Observations.CopyRowTo(i, batch, i);
            }

            _policy.Forward(batch, n, logits, values);
            ReadOnlySpan<bool> masks = batch.ActionMasks.AsSpan(0, n * numActions);
            if (deterministic)
            {
                MaskedCategorical.ModeBatch(logits, masks, numActions, actions);
            }
            else
            {
                MaskedCategorical.SampleBatch(logits, masks, numActions, random, actions, logProbs);
            }

            result = envs.Step(actions);
            for (int i = 0; i < n; i++)
            {
                returns[i] += result.Rewards[i];
                lengths[i]++;
                successes[i] |= result.Infos[i].IsSuccess || result.Infos[i].Episode is { IsSuccess: true };
                if (!result.Done(i))
                {
                    continue;
                }

                if (counts[i] < targets[i])
                {
                    counts[i]++;
                    finished++;
                    sum += returns[i];
                    sumSquares += returns[i] * returns[i];
                    totalLength += lengths[i];
                    successCount += successes[i] ? 1 : 0;
                }

                returns[i] = 0;
                lengths[i] = 0;
                successes[i] = false;
            }
        }

        return Summarise(episodes, sum, sumSquares, totalLength, successCount);
    }

    /// <summary>Runs <paramref name="episodes"/> episodes on <paramref name="env"/>.</summary>
    /// <param name="env">An env with the policy's spec sizes.</param>
    /// <param name="episodes">Number of episodes, at least 1.</param>
    /// <param name="deterministic">Take the most probable allowed action instead of sampling.</param>
    /// <param name="seed">Seeds the episodes (<c>seed + k</c>) and the sampler.</param>
    /// <param name="maxStepsPerEpisode">Safety cap for envs without a time limit; an episode hitting it ends there.</param>
    public EvaluationResult Evaluate(IEnv env, int episodes, bool deterministic = true, int seed = 0, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStepsPerEpisode, 1);
        if (env.Spec.NumActions != _policy.Spec.NumActions)
        {
            throw new ArgumentException(
                $"env '{env.Spec.Id}' has {env.Spec.NumActions} actions; the policy was built for {_policy.Spec.NumActions}.", nameof(env));
        }

        var random = new EnvRandom(seed);
        int numActions = _policy.Spec.NumActions;
        double sum = 0, sumSquares = 0, lengths = 0;
        int successes = 0;
        for (int k = 0; k < episodes; k++)
        {
            Observation observation = env.Reset(seed + k).Observation;
            double episodeReturn = 0;
            int length = 0;
            bool success = false;
            while (length < maxStepsPerEpisode)
            {
                _batch.Write(0, observation);
                _policy.Forward(_batch, 1, _logits, _value);
                ReadOnlySpan<bool> mask = _batch.ActionMask(0);
                int action = deterministic
                    ? MaskedCategorical.Mode(_logits, mask)
                    : MaskedCategorical.Sample(_logits, mask, random, out _);
                StepResult step = env.Step(action);
                episodeReturn += step.Reward;
                length++;
                success |= step.Info.IsSuccess || step.Info.Episode is { IsSuccess: true };
                if (step.Done)
                {
                    break;
                }

                observation = step.Observation;
            }

            sum += episodeReturn;
            sumSquares += episodeReturn * episodeReturn;
            lengths += length;
            successes += success ? 1 : 0;
        }

        return Summarise(episodes, sum, sumSquares, lengths, successes);
    }

    private static EvaluationResult Summarise(int episodes, double sum, double sumSquares, double lengths, int successes)
    {
        double mean = sum / episodes;
        double variance = Math.Max(0, (sumSquares / episodes) - (mean * mean));
        return new EvaluationResult(episodes, (float)mean, (float)Math.Sqrt(variance), (float)(lengths / episodes), successes / (float)episodes);
    }
}
