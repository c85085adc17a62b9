using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The store's own checks of a checkpoint that parsed and whose hash verified, before a network is built from it:
/// every weight finite, and no size in the manifest that asks for more than the file can hold. A manifest is
/// untrusted: hidden sizes [46341, 46341] describe a 2^31-weight layer that a file of a few kilobytes cannot carry,
/// and building it would exhaust memory.
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
        long total = 0;
        foreach (NamedTensor tensor in content.Weights)
        {
            CheckFinite(tensor, source);
            total += tensor.Data.Length;
        }

        PolicyOptions policy = content.Manifest.Policy;
        EnvSpec spec = content.Manifest.Spec;
        int[] hidden = policy.HiddenSizes ?? [];
        for (int i = 0; i < hidden.Length; i++)
        {
            long layer = i + 1 < hidden.Length ? (long)hidden[i] * hidden[i + 1] : hidden[i];
            Refuse(layer > total, source, $"manifest.policy.hiddenSizes[{i}]",
                $"asks for a layer of {layer} weights but the file holds {total} weights in all");
        }

        Refuse(policy.EmbeddingSize > total, source, "manifest.policy.embeddingSize",
            $"is {policy.EmbeddingSize} but the file holds {total} weights in all");

        long width = Math.Max(hidden.DefaultIfEmpty(1).Max(), policy.EmbeddingSize);
        long perRow = (long)spec.GoalFeatureSize + spec.GlobalFeatureSize + spec.NumActions
            + ((long)Math.Max(spec.MaxNodes, 1) * (spec.NodeFeatureSize + 1 + width));
        Refuse(perRow * maxBatchSize > MaxBufferFloats, source, "manifest.spec",
            $"needs {perRow} floats per observation, {perRow * maxBatchSize} for a batch of {maxBatchSize}; at most {MaxBufferFloats} are allowed");
    }

    private static void CheckFinite(NamedTensor tensor, string source)
    {
        float[] data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint",
                    $"Checkpoint {source}: weight '{tensor.Name}'[{i}] is {data[i]}; every weight must be a finite number.");
            }
        }
    }

    private static void Refuse(bool refused, string source, string field, string message)
    {
        if (refused)
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint", $"Checkpoint {source}: {field} {message}.");
        }
    }
}
