using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>Builds the managed engine's policy networks, fresh or from a checkpoint.</summary>
public static partial class PolicyFactory
{
    /// <summary>Creates a freshly initialised network; the same seed gives identical weights. Any batch size is
    /// accepted later: the network grows its buffers on the first forward pass of a larger batch.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Architecture and sizes; the policy's <see cref="IActorCritic.Options"/> holds them resolved.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <exception cref="ArgumentException">Invalid spec or options, or an option the architecture cannot honour (names it).</exception>
    public static IActorCritic Create(EnvSpec spec, PolicyOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.ArchitectureFor(spec) switch
        {
            PolicyArchitecture.Mlp => new MlpPolicy(spec, options, seed),
            PolicyArchitecture.TaskNode => new TaskNodePolicy(spec, options, seed),
            PolicyArchitecture other => throw new ArgumentException(
                $"PolicyOptions.Architecture {other} is not one this library builds (Mlp, TaskNode or Auto).", nameof(options)),
        };
    }

    /// <summary>
    /// Builds the network a checkpoint describes (its manifest's policy options and spec) and loads its weights. Sizes
    /// the stored weights cannot back are refused before anything is allocated, and the network is not initialised
    /// before the import, so loading needs about twice the weights' size (values and gradient buffers).
    /// </summary>
    /// <param name="content">A loaded checkpoint.</param>
    /// <exception cref="InvalidDataException">Unknown architecture, or weights that do not fit it (names the tensor).</exception>
    /// <remarks>Manifests written by 0.1.0 record <c>"EmbeddingSize": 32</c> for every architecture; the <c>mlp</c>
    /// network never read it, so for <c>mlp</c> that value is dropped rather than refused.</remarks>
    public static IActorCritic FromCheckpoint(CheckpointContent content)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        ArgumentNullException.ThrowIfNull(content.Weights);
        CheckpointManifest manifest = content.Manifest;
        IActorCritic policy;
        try
        {
            PolicyOptions options = manifest.Policy;
            options.Validate();
            CheckpointLimits.RequirePlausible(manifest, content.Weights);
            if (options.ArchitectureFor(manifest.Spec) == PolicyArchitecture.Mlp && options.EmbeddingSize == PolicyOptions.DefaultEmbeddingSize)
            {
                options = options with { EmbeddingSize = null };
            }

            // Built without initialisation (the weights are overwritten next), so loading needs no QR temporaries.
            manifest.Spec.Validate();
            policy = options.ArchitectureFor(manifest.Spec) switch
            {
                PolicyArchitecture.Mlp => MlpPolicy.ForImport(manifest.Spec, options),
                PolicyArchitecture.TaskNode => TaskNodePolicy.ForImport(manifest.Spec, options),
                PolicyArchitecture other => throw new ArgumentException($"PolicyOptions.Architecture {other} is not one this library builds.", nameof(content)),
            };
        }
        catch (ArgumentException e)
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
                $"Checkpoint weights do not fit architecture '{policy.Options.Architecture}' for env '{manifest.EnvId}': {e.Message}", e);
        }

        return policy;
    }
}
