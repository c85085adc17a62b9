using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>Builds policy networks by architecture name, fresh or from a checkpoint.</summary>
public static partial class PolicyFactory
{
    /// <summary>The architecture <paramref name="architecture"/> resolves to for <paramref name="spec"/>:
    /// <c>auto</c> becomes <c>task-node</c> when the env has nodes, else <c>mlp</c>; other names are returned as given.</summary>
    public static string ResolveArchitecture(string architecture, EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(spec);
        return architecture == "auto"
            ? (spec.MaxNodes > 0 ? TaskNodePolicy.ArchitectureName : MlpPolicy.ArchitectureName)
            : architecture;
    }

    /// <summary>Creates a freshly initialised network; the same seed gives identical weights.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Architecture and sizes.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <param name="maxBatchSize">Largest batch a single forward pass accepts.</param>
    /// <exception cref="ArgumentException">Invalid spec or options, or an unknown architecture.</exception>
    public static IActorCritic Create(EnvSpec spec, PolicyOptions options, int seed, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        string architecture = ResolveArchitecture(options.Architecture, spec);
        PolicyOptions resolved = options with { Architecture = architecture };
        return architecture switch
        {
            MlpPolicy.ArchitectureName => new MlpPolicy(spec, resolved, seed, maxBatchSize),
            TaskNodePolicy.ArchitectureName => new TaskNodePolicy(spec, resolved, seed, maxBatchSize),
            _ => throw new ArgumentException(
                $"Unknown policy architecture '{options.Architecture}'; this library builds '{MlpPolicy.ArchitectureName}' and '{TaskNodePolicy.ArchitectureName}'.",
                nameof(options)),
        };
    }

    /// <summary>Builds the network a checkpoint describes (its manifest's policy options and spec) and loads its weights.</summary>
    /// <param name="content">A loaded checkpoint.</param>
    /// <param name="maxBatchSize">Largest batch a single forward pass accepts.</param>
    /// <exception cref="InvalidDataException">Unknown architecture, or weights that do not fit it (names the tensor).</exception>
    public static IActorCritic FromCheckpoint(CheckpointContent content, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        ArgumentNullException.ThrowIfNull(content.Weights);
        CheckpointManifest manifest = content.Manifest;
        IActorCritic policy;
        try
        {
            policy = Create(manifest.Spec, manifest.Policy, seed: 0, maxBatchSize);
        }
        catch (ArgumentException e) when (e.ParamName != nameof(maxBatchSize))
        {
            throw new InvalidDataException($"Checkpoint for env '{manifest.EnvId}' describes a policy this library cannot build: {e.Message}", e);
        }

        try
        {
            policy.ImportWeights(content.Weights);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(
                $"Checkpoint weights do not fit architecture '{policy.Architecture}' for env '{manifest.EnvId}': {e.Message}", e);
        }

        return policy;
    }
}
