using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Quantises a built version for <c>Quantization = int8</c> and refuses it when the int8 network takes the float
/// network's greedy action on fewer than <see cref="PolicyServingOptions.MinAgreement"/> of the calibration
/// observations (seeded episodes of the built-in env named by the manifest, played greedily by the float network).
/// </summary>
internal static class Int8Gate
{
    private const int FirstSeed = 1;

    /// <summary>The int8 network of <paramref name="policy"/>, or a 400 naming the architecture or the agreement.</summary>
    public static QuantizedActorCritic Quantize(IActorCritic policy, CheckpointManifest manifest, PolicyServingOptions options, string source)
    {
        QuantizedActorCritic quantized;
        try
        {
            quantized = QuantizedActorCritic.Quantize(policy);
        }
        catch (NotSupportedException e)
        {
            throw Refused(source, $"int8 cannot serve architecture {policy.Options.Architecture}: {e.Message}");
        }

        EnvRegistry registry = EnvRegistry.CreateDefault();
        if (string.IsNullOrEmpty(manifest.EnvId) || !registry.Contains(manifest.EnvId))
        {
            throw Refused(source, $"no built-in env named '{manifest.EnvId}' to calibrate int8 on");
        }

        IEnv env = registry.Make(manifest.EnvId);
        if (env.Spec.ShapeDifference(policy.Spec) is string difference)
        {
            throw Refused(source, $"the built-in env '{manifest.EnvId}' does not match the checkpoint's spec ({difference}), so int8 cannot be calibrated on it");
        }

        double agreement = GreedyAgreement.OnEpisodes(policy, quantized, env, PolicyServingOptions.CalibrationObservations, FirstSeed);
        if (agreement < options.MinAgreement)
        {
            throw Refused(source,
                $"int8 agreement {agreement:P2} with the float greedy action on {PolicyServingOptions.CalibrationObservations} calibration observations is below MinAgreement {options.MinAgreement:P2}");
        }

        return quantized;
    }

    private static ModelStoreException Refused(string source, string reason) =>
        new(StatusCodes.Status400BadRequest, "quantization", $"Checkpoint {source} refused: {reason}.");
}
