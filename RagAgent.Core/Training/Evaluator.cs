using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Training;

/// <summary>
/// Runs a policy for whole episodes on an env and summarises the returns. Episode <c>k</c> is reset with seed
/// <c>seed + k</c>, so an evaluation is reproducible; actions are the mask-respecting mode (deterministic) or
/// samples drawn from a generator seeded with <c>seed</c>.
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

        double mean = sum / episodes;
        double variance = Math.Max(0, (sumSquares / episodes) - (mean * mean));
        return new EvaluationResult(episodes, (float)mean, (float)Math.Sqrt(variance), (float)(lengths / episodes), successes / (float)episodes);
    }
}
