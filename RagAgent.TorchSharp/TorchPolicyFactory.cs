using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.TorchSharp;

/// <summary>Builds the TorchSharp engine's policy networks, fresh or from a checkpoint (of either engine).</summary>
public static class TorchPolicyFactory
{
    /// <summary>Creates a network initialised exactly as the managed engine's <see cref="PolicyFactory.Create"/> for the same seed.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Architecture and sizes.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <exception cref="ArgumentException">Invalid spec, options or device, (names it).</exception>
    public static TorchActorCritic Create(EnvSpec spec, PolicyOptions options, int seed, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.ArchitectureFor(spec) switch
        {
            PolicyArchitecture.Mlp => new TorchMlpPolicy(spec, options, seed, device),
            PolicyArchitecture.TaskNode => new TorchTaskNodePolicy(spec, options, seed, device),
            PolicyArchitecture other => throw new ArgumentException(
                $"PolicyOptions.Architecture {other} is not one this library builds (Mlp, TaskNode or Auto).", nameof(options)),
        };
    }

    /// <summary>Builds the network a checkpoint describes and loads its weights; checkpoints of the managed engine load unchanged.</summary>
    /// <param name="content">A loaded checkpoint.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <exception cref="ArgumentException">An invalid device (names it).</exception>
    /// <exception cref="InvalidDataException">An architecture this engine cannot build, or weights that do not fit it (names the tensor).</exception>
    public static TorchActorCritic FromCheckpoint(CheckpointContent content, string device = "cpu")
    {
        _ = TorchDevices.Parse(device);

        // The managed factory validates the manifest and the weights (sizes, names, shapes) before anything is allocated here.
        IActorCritic managed = PolicyFactory.FromCheckpoint(content);
        TorchActorCritic policy;
        try
        {
            policy = Create(managed.Spec, managed.Options, seed: 0, device);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint for env '{content.Manifest.EnvId}' describes a policy the TorchSharp engine cannot build: {e.Message}", e);
        }

        policy.ImportWeights(managed.ExportWeights());
        return policy;
    }
}
