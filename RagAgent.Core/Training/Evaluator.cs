using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Training;

/// <summary>
/// Evaluates a trained policy with the evaluation loop the baselines use (<see cref="EpisodeRunner"/>): whole
/// episodes on an env (episode <c>k</c> reset with seed <c>seed + k</c>) or on the copies of a vector env (one
/// batched forward pass per step). Actions are the mask-respecting mode (deterministic) or samples from a generator
/// seeded with the evaluation's seed, so an evaluation is reproducible.
/// </summary>
public sealed class Evaluator
{
    private readonly IActorCritic _policy;

    /// <summary>Evaluates <paramref name="policy"/>.</summary>
    public Evaluator(IActorCritic policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    /// <summary>Runs <paramref name="episodes"/> episodes on <paramref name="env"/>.</summary>
    /// <param name="env">An env with the policy's spec sizes.</param>
    /// <param name="episodes">Number of episodes, at least 1.</param>
    /// <param name="deterministic">Take the most probable allowed action instead of sampling.</param>
    /// <param name="seed">Seeds the episodes (<c>seed + k</c>) and the sampler.</param>
    public EvaluationResult Evaluate(IEnv env, int episodes, bool deterministic = true, int seed = 0) =>
        Evaluate(env, new EvaluationOptions { Episodes = episodes, Seed = seed }, deterministic);

    /// <summary>Runs the episodes of <paramref name="options"/> on <paramref name="env"/>.</summary>
    /// <param name="env">An env with the policy's spec sizes.</param>
    /// <param name="options">Episodes, seed (episodes and sampler), step guard and success declaration.</param>
    /// <param name="deterministic">Take the most probable allowed action instead of sampling.</param>
    public EvaluationResult Evaluate(IEnv env, EvaluationOptions options, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        _policy.Spec.RequireSameShape(env.Spec, nameof(env));
        return EpisodeRunner.Run(env, new ActorCriticBatchPolicy(_policy, 1, deterministic, options.Seed), options);
    }

    /// <summary>
    /// Runs the episodes of <paramref name="options"/> on the copies of <paramref name="envs"/>, one batched forward
    /// pass per step (see <see cref="EpisodeRunner.Run(IVectorEnv, IBatchPolicy, EvaluationOptions)"/> for the split
    /// of episodes across copies).
    /// </summary>
    /// <param name="envs">A vector env whose copies have the policy's spec sizes.</param>
    /// <param name="options">Episodes, seed (vector env reset and sampler), step guard and success declaration.</param>
    /// <param name="deterministic">Take the most probable allowed action instead of sampling.</param>
    public EvaluationResult Evaluate(IVectorEnv envs, EvaluationOptions options, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(options);
        _policy.Spec.RequireSameShape(envs.Spec, nameof(envs));
        return EpisodeRunner.Run(envs, new ActorCriticBatchPolicy(_policy, envs.NumEnvs, deterministic, options.Seed), options);
    }
}
