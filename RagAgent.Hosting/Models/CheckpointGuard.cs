using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The store's own check of a checkpoint that loaded (Core's <c>CheckpointFile.Load</c> has already refused
/// non-finite weights and manifest sizes the stored weights cannot back), before a network is built from it: the
/// observation and activation buffers of a batch of <c>maxBatchSize</c> rows must stay within
/// <see cref="MaxBufferFloats"/>, whatever engine builds the network.
/// </summary>
public static class CheckpointGuard
{
    /// <summary>Most floats the observation and activation buffers of one version may take (1 GiB).</summary>
    public const long MaxBufferFloats = 1L << 28;

    /// <summary>Throws a 400 <see cref="ModelStoreException"/> naming the first problem.</summary>
    /// <param name="content">The loaded checkpoint.</param>
    /// <param name="source">Name of the file in messages.</param>
    /// <param name="maxBatchSize">Rows per forward pass the network will be built for.</param>
    public static void Check(CheckpointContent content, string source, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        ArgumentNullException.ThrowIfNull(content.Weights);
        PolicyOptions policy = content.Manifest.Policy;
        EnvSpec spec = content.Manifest.Spec;
        int[] hidden = policy.HiddenSizes ?? [];
        long width = Math.Max(hidden.DefaultIfEmpty(1).Max(), policy.EmbeddingSize ?? 0);
        long perRow = (long)spec.GoalFeatureSize + spec.GlobalFeatureSize + spec.NumActions
            + ((long)Math.Max(spec.MaxNodes, 1) * (spec.NodeFeatureSize + 1 + width));
        Refuse(perRow * maxBatchSize > MaxBufferFloats, source, "manifest.spec",
            $"needs {perRow} floats per observation, {perRow * maxBatchSize} for a batch of {maxBatchSize}; at most {MaxBufferFloats} are allowed");
    }

    private static void Refuse(bool refused, string source, string field, string message)
    {
        if (refused)
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint", $"Checkpoint {source}: {field} {message}.");
        }
    }
}
