using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp;

/// <summary>
/// Architecture <c>task-node</c> on TorchSharp: the managed <see cref="TaskNodePolicy"/>'s network (task/goal context,
/// per-node MLP over [context; node; globals], node logits, masked mean and max pooling for the extra actions and the
/// value) with its parameter names and shapes, so checkpoints are interchangeable between the engines.
/// </summary>
/// <remarks>
/// Initialisation is the managed engine's, bit for bit (the constructor imports the weights the managed network draws
/// for the seed). Padding nodes and forbidden actions get <see cref="RagAgent.Core.Distributions.ActionMasking.MaskedLogit"/>
/// and no gradient; pooling skips padding nodes (all-padding rows pool to zeros).
/// </remarks>
public sealed class TorchTaskNodePolicy : TorchActorCritic
{
    /// <summary>Builds the network on <paramref name="device"/> with the managed engine's weights for <paramref name="seed"/>.</summary>
    /// <param name="spec">Observation and action spec; must have nodes.</param>
    /// <param name="options">Sizes, activation and id embeddings; Architecture must be <c>task-node</c> or <c>auto</c> resolving to it.</param>
    /// <param name="seed">Seed of the weight initialisation (same seed, same weights as <see cref="TaskNodePolicy"/>).</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (<see cref="TorchDevices.Parse"/>).</param>
    /// <exception cref="ArgumentException">Invalid spec, options or device (names it).</exception>
    public TorchTaskNodePolicy(EnvSpec spec, PolicyOptions options, int seed, string device = "cpu")
        : this(new TaskNodePolicy(spec, options, seed), TorchDevices.Parse(device))
    {
    }

    private TorchTaskNodePolicy(IActorCritic initial, Device device)
        : base(initial.Spec, initial.Options, device, new TaskNodeNetwork(initial.Spec, initial.Options))
    {
        ImportWeights(initial.ExportWeights());
    }

    private TaskNodeNetwork Net => (TaskNodeNetwork)Network;

    private protected override (Tensor Logits, Tensor Values) ForwardCore(ObservationBatch batch, int count)
    {
        EnvSpec s = Spec;
        int n = s.MaxNodes;
        int rows = count * n;
        bool[] nodeMask = batch.NodeMask.AsSpan(0, rows).ToArray();
        Tensor? taskIds = null;
        if (Options.TaskIdEmbedding == IdEmbedding.Always)
        {
            long[] ids = new long[count];
            for (int b = 0; b < count; b++)
            {
                ids[b] = PolicyFactory.ValidateTaskId(batch, b, s.NumTasks);
            }

            taskIds = tensor(ids, [count], device: Device);
        }

        Tensor? nodeIds = null;
        if (Options.NodeIdEmbedding == IdEmbedding.Always)
        {
            long[] ids = new long[rows];
            for (int r = 0; r < rows; r++)
            {
                int id = batch.NodeIds[r];
                if (nodeMask[r] && (uint)id >= (uint)s.NodeVocabSize)
                {
                    throw new ArgumentException($"batch.NodeIds[{r}] = {id} is outside [0, {s.NodeVocabSize}) of embedding 'node_embedding'.", nameof(batch));
                }

                ids[r] = nodeMask[r] ? id : 0;
            }

            nodeIds = tensor(ids, [count, n], device: Device);
        }

        var inputs = new TaskNodeInputs(
            taskIds,
            s.GoalFeatureSize > 0 ? Floats(batch.GoalFeatures, count, s.GoalFeatureSize) : null,
            nodeIds,
            s.NodeFeatureSize > 0 ? tensor(batch.NodeFeatures.AsSpan(0, rows * s.NodeFeatureSize).ToArray(), [count, n, s.NodeFeatureSize], device: Device) : null,
            tensor(nodeMask, [count, n], device: Device),
            s.GlobalFeatureSize > 0 ? Floats(batch.Globals, count, s.GlobalFeatureSize) : null);
        return Net.forward(inputs);
    }

    /// <summary>The env's mask, and no action on a padding node.</summary>
    private protected override bool[] EffectiveActionMask(ObservationBatch batch, int count)
    {
        EnvSpec s = Spec;
        bool[] mask = base.EffectiveActionMask(batch, count);
        for (int b = 0; b < count; b++)
        {
            for (int a = 0; a < s.NodeActions; a++)
            {
                if (!batch.NodeMask[(b * s.MaxNodes) + (a / s.ActionsPerNode)])
                {
                    mask[(b * s.NumActions) + a] = false;
                }
            }
        }

        return mask;
    }

    private protected override TorchActorCritic CreateUninitialized() => new TorchTaskNodePolicy(new TaskNodePolicy(Spec, Options, seed: 0), Device);

    private Tensor Floats(float[] source, int count, int width) =>
        tensor(source.AsSpan(0, count * width).ToArray(), [count, width], device: Device);
}
