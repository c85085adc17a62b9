using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Training;

/// <summary>
/// Plausibility checks on a checkpoint's manifest before a network is built from it, so that a file that declares
/// huge sizes is refused instead of allocating them: every consecutive pair of hidden widths needs that many weights,
/// and the file's weights bound the network's size; observation and action sizes have fixed upper bounds.
/// </summary>
internal static class CheckpointLimits
{
    /// <summary>Largest number of entries of one observation part (for example MaxNodes × NodeFeatureSize).</summary>
    public const long MaxObservationPart = 1 << 24;

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first size the checkpoint cannot back.</summary>
    public static void RequirePlausible(CheckpointManifest manifest, IReadOnlyList<NamedTensor> weights)
    {
        long stored = 0;
        foreach (NamedTensor w in weights)
        {
            stored += w.Data.Length;
        }

        EnvSpec spec = manifest.Spec;
        RequirePart(spec.NumActions, nameof(spec.NumActions), manifest);
        RequirePart((long)spec.MaxNodes * spec.NodeFeatureSize, "MaxNodes x NodeFeatureSize", manifest);
        RequirePart(spec.GoalFeatureSize, nameof(spec.GoalFeatureSize), manifest);
        RequirePart(spec.GlobalFeatureSize, nameof(spec.GlobalFeatureSize), manifest);
        RequirePart(spec.NumTasks, nameof(spec.NumTasks), manifest);
        RequirePart(spec.NodeVocabSize, nameof(spec.NodeVocabSize), manifest);
        PolicyOptions policy = manifest.Policy;
        long needed = policy.EmbeddingSize ?? 0;
        int[] hidden = policy.HiddenSizes;
        for (int i = 0; i < hidden.Length; i++)
        {
            needed = Math.Max(needed, i + 1 < hidden.Length ? (long)hidden[i] * hidden[i + 1] : hidden[i]);
        }

        if (needed > stored)
        {
            throw new InvalidDataException(
                $"Checkpoint for env '{spec.Id}' declares hidden sizes [{string.Join(", ", hidden)}]"
                + (policy.EmbeddingSize is int embedding ? $" and embedding size {embedding}" : string.Empty)
                + $", which need at least {needed} weights; the file holds {stored}.");
        }
    }

    private static void RequirePart(long size, string field, CheckpointManifest manifest)
    {
        if (size > MaxObservationPart)
        {
            throw new InvalidDataException(
                $"Checkpoint for env '{manifest.Spec.Id}' declares {field} = {size}; this library accepts at most {MaxObservationPart}.");
        }
    }
}
