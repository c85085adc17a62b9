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
        var batch = new ObservationBatch(reference.Spec, 1);
        var logits = new float[reference.Spec.NumActions];
        var candidateLogits = new float[reference.Spec.NumActions];
        var value = new float[1];
        int agreed = 0;
        int episode = 0;
        Observation observation = env.Reset(firstSeed).Observation;
        for (int i = 0; i < observations; i++)
        {
            batch.Write(0, observation);
            reference.Forward(batch, 1, logits, value);
            candidate.Forward(batch, 1, candidateLogits, value);
            int action = ArgMax(logits);
            agreed += ArgMax(candidateLogits) == action ? 1 : 0;
            StepResult step = env.Step(action);
            observation = step.Done ? env.Reset(firstSeed + ++episode).Observation : step.Observation;
        }

        return (double)agreed / observations;
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
