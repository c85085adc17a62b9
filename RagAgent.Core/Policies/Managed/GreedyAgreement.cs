using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>
/// How often a candidate policy (an int8 copy, a distilled student) takes the reference policy's greedy action:
/// the reference plays greedily on calibration episodes and both are evaluated on every visited observation.
/// </summary>
public static class GreedyAgreement
{
    /// <summary>
    /// Share in [0, 1] of <paramref name="observations"/> observations on which the greedy actions (arg max of the
    /// masked logits, shape <c>[NumActions]</c>) of <paramref name="candidate"/> and <paramref name="reference"/> agree.
    /// </summary>
    /// <param name="reference">The policy whose greedy actions drive <paramref name="env"/>.</param>
    /// <param name="candidate">The policy compared with it (same spec).</param>
    /// <param name="env">Env of the calibration episodes, reset with seeds <paramref name="firstSeed"/> + k.</param>
    /// <param name="observations">Observations in the calibration set, at least 1.</param>
    /// <param name="firstSeed">Seed of the first calibration episode.</param>
    public static double OnEpisodes(IActorCritic reference, IActorCritic candidate, IEnv env, int observations, int firstSeed)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(observations, 1);
        var comparison = new Comparison(reference, candidate);
        int agreed = 0;
        int episode = 0;
        Observation observation = env.Reset(firstSeed).Observation;
        for (int i = 0; i < observations; i++)
        {
            agreed += comparison.Agrees(observation, out int action) ? 1 : 0;
            StepResult step = env.Step(action);
            observation = step.Done ? env.Reset(firstSeed + ++episode).Observation : step.Observation;
        }

        return (double)agreed / observations;
    }

    /// <summary>
    /// Share in [0, 1] of <paramref name="observations"/> (at least one, each with <c>ActionMask</c> of shape
    /// <c>[NumActions]</c>) on which the greedy actions of <paramref name="candidate"/> and <paramref name="reference"/> agree.
    /// </summary>
    public static double OnObservations(IActorCritic reference, IActorCritic candidate, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfZero(observations.Count);
        var comparison = new Comparison(reference, candidate);
        int agreed = 0;
        foreach (Observation observation in observations)
        {
            agreed += comparison.Agrees(observation, out _) ? 1 : 0;
        }

        return (double)agreed / observations.Count;
    }

    /// <summary>Buffers for evaluating both policies on one observation (batch of 1).</summary>
    private sealed class Comparison(IActorCritic reference, IActorCritic candidate)
    {
        private readonly ObservationBatch _batch = new(reference.Spec, 1);
        private readonly float[] _logits = new float[reference.Spec.NumActions];
        private readonly float[] _candidateLogits = new float[reference.Spec.NumActions];
        private readonly float[] _value = new float[1];

        /// <summary>True when both greedy actions agree; <paramref name="action"/> is the reference's.</summary>
        public bool Agrees(Observation observation, out int action)
        {
            _batch.Write(0, observation);
            reference.Forward(_batch, 1, _logits, _value);
            candidate.Forward(_batch, 1, _candidateLogits, _value);
            action = ArgMax(_logits);
            return ArgMax(_candidateLogits) == action;
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
