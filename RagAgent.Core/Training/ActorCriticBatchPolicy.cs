using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Training;

/// <summary>
/// An actor-critic as the evaluation loop's policy: one batched forward pass per call, then the masked categorical's
/// mode (deterministic) or a sample drawn from a generator seeded once. It reads the vector env's batch directly;
/// buffers are allocated for <c>batchSize</c> rows up front, so acting allocates nothing.
/// </summary>
internal sealed class ActorCriticBatchPolicy : IBatchPolicy
{
    private readonly IActorCritic _policy;
    private readonly bool _deterministic;
    private readonly EnvRandom _random;
    private readonly float[] _logits;
    private readonly float[] _values;
    private readonly float[] _logProbs;

    public ActorCriticBatchPolicy(IActorCritic policy, int batchSize, bool deterministic, int seed)
    {
        _policy = policy;
        _deterministic = deterministic;
        _random = new EnvRandom(seed);
        _logits = new float[batchSize * policy.Spec.NumActions];
        _values = new float[batchSize];
        _logProbs = new float[batchSize];
    }

    /// <inheritdoc />
    public void Act(ObservationBatch observations, Span<int> actions)
    {
        int count = actions.Length;
        int numActions = _policy.Spec.NumActions;
        Span<float> logits = _logits.AsSpan(0, count * numActions);
        _policy.Forward(observations, count, logits, _values.AsSpan(0, count));
        ReadOnlySpan<bool> masks = observations.ActionMasks.AsSpan(0, count * numActions);
        if (_deterministic)
        {
            MaskedCategorical.ModeBatch(logits, masks, numActions, actions);
        }
        else
        {
            MaskedCategorical.SampleBatch(logits, masks, numActions, _random, actions, _logProbs.AsSpan(0, count));
        }
    }
}
