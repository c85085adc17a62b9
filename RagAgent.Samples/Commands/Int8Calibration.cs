using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Samples.Cli;

namespace RagAgent.Samples.Commands;

/// <summary>
/// The gate of <c>eval --quantization int8</c>: quantises the policy, plays the float policy greedily on calibration
/// episodes and refuses the int8 policy when its greedy action agrees with the float one on fewer than the required
/// share of the visited observations.
/// </summary>
internal static class Int8Calibration
{
    /// <summary>Observations in the calibration set.</summary>
    public const int Observations = 1000;

    /// <summary>
    /// The int8 policy of <paramref name="policy"/> and its agreement, or a usage error naming <c>--quantization</c>
    /// (architecture not supported) or <c>--min-agreement</c> (agreement below it, with both figures).
    /// </summary>
    /// <param name="policy">The float policy.</param>
    /// <param name="env">An env to play the calibration episodes on (reset with seeds <paramref name="firstSeed"/> + k).</param>
    /// <param name="minAgreement">Required share of agreeing greedy actions, in [0, 1].</param>
    /// <param name="firstSeed">Seed of the first calibration episode.</param>
    public static (QuantizedActorCritic Policy, double Agreement) Quantize(IActorCritic policy, IEnv env, double minAgreement, int firstSeed)
    {
        QuantizedActorCritic quantized;
        try
        {
            quantized = QuantizedActorCritic.Quantize(policy);
        }
        catch (NotSupportedException e)
        {
            throw new UsageException("--quantization", $"int8 cannot quantise this checkpoint: {e.Message}", e);
        }

        double agreement = GreedyAgreement.OnEpisodes(policy, quantized, env, Observations, firstSeed);
        if (agreement < minAgreement)
        {
            throw new UsageException(
                "--min-agreement",
                $"refused: the int8 policy takes the float policy's greedy action on {agreement:P2} of {Observations} calibration observations, below {minAgreement:P2}.");
        }

        return (quantized, agreement);
    }
}
