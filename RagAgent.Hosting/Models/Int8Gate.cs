using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Quantises a built version for <c>Quantization = int8</c> and refuses it when the int8 network takes the float
/// network's greedy action on fewer than <see cref="PolicyServingOptions.MinAgreement"/> of the calibration
/// observations: seeded episodes of the built-in env named by the manifest, played greedily by the float network, or
/// when the server has no such env (or it has another spec), observations drawn from the spec.
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

        double agreement = Agreement(policy, quantized, manifest.EnvId);
        if (agreement < options.MinAgreement)
        {
            throw Refused(source,
                $"int8 agreement {agreement:P2} with the float greedy action on {PolicyServingOptions.CalibrationObservations} calibration observations is below MinAgreement {options.MinAgreement:P2}");
        }

        return quantized;
    }

    /// <summary>Agreement on seeded greedy episodes of the built-in env <paramref name="envId"/> when it exists with
    /// the policy's spec, otherwise on observations drawn from the spec.</summary>
    private static double Agreement(IActorCritic policy, QuantizedActorCritic quantized, string? envId)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        if (!string.IsNullOrEmpty(envId) && registry.Contains(envId))
        {
            IEnv env = registry.Make(envId);
            if (env.Spec.ShapeDifference(policy.Spec) is null)
            {
                return GreedyAgreement.OnEpisodes(policy, quantized, env, PolicyServingOptions.CalibrationObservations, FirstSeed);
            }
        }

        return GreedyAgreement.OnObservations(policy, quantized,
            SpecObservations.Draw(policy.Spec, PolicyServingOptions.CalibrationObservations, FirstSeed));
    }

    private static ModelStoreException Refused(string source, string reason) =>
        new(StatusCodes.Status400BadRequest, "quantization", $"Checkpoint {source} refused: {reason}.");
}
