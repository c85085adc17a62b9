using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies;

/// <summary>
/// Architecture and sizes of a policy network. A built policy exposes the options it resolved them to
/// (<see cref="IActorCritic.Options"/>: architecture and id embeddings decided, never <c>auto</c>), and checkpoints
/// record those. Every field either shapes the network or makes the build throw naming it.
/// </summary>
public sealed record PolicyOptions
{
    /// <summary>Width of task and node embeddings when <see cref="EmbeddingSize"/> is not set.</summary>
    public const int DefaultEmbeddingSize = 32;

    /// <summary>Largest hidden width or embedding size accepted (2^15): two such layers already hold 2^30 weights.</summary>
    public const int MaxWidth = 1 << 15;

    /// <summary>The network: <see cref="PolicyArchitecture.Mlp"/> (flat observations), <see cref="PolicyArchitecture.TaskNode"/>
    /// (tasks and node sets), or <see cref="PolicyArchitecture.Auto"/> to choose from the env spec
    /// (<see cref="ArchitectureFor"/>).</summary>
    public PolicyArchitecture Architecture { get; init; } = PolicyArchitecture.Auto;

    /// <summary>Hidden layer widths of the MLPs (CleanRL: 64-64).</summary>
    public int[] HiddenSizes { get; init; } = [64, 64];

    /// <summary>Width of task and node embeddings and of projected features (<c>task-node</c> only;
    /// <see cref="DefaultEmbeddingSize"/> when not set). The <c>mlp</c> architecture has no embeddings and refuses it.</summary>
    public int? EmbeddingSize { get; init; }

    /// <summary>Hidden activation: <see cref="Activation.Tanh"/> (PPO's usual choice) or <see cref="Activation.ReLU"/>.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>
    /// Whether node ids get a learned vector each. <c>task-node</c>: <c>auto</c> embeds them only when nodes carry no
    /// features, <c>always</c>, or <c>never</c> (nodes must then have features). Learned per-id vectors let the
    /// network memorise routes per node instead of reading the node features, which hurts goals held out from
    /// training (graph-nav, 150k PPO steps: 0.53 greedy success on held-out goals with node-id embeddings, 0.88
    /// without; benchmarks/results/nn.md). <c>mlp</c> never reads node ids: <c>auto</c> and <c>never</c> mean none,
    /// <c>always</c> throws.
    /// </summary>
    public IdEmbedding NodeIdEmbedding { get; init; } = IdEmbedding.Auto;

    /// <summary>
    /// Whether task ids get a learned vector each: <c>always</c> (when the env has task ids), <c>never</c> (the env
    /// must then give goal features), or <c>auto</c> (only when the env gives no goal features). <c>task-node</c>
    /// embeds them; <c>mlp</c> appends them one-hot to its input (only for more than one task), which is the same
    /// thing through its first layer.
    /// A learned vector per task id adds what is specific to each training goal; it can also let the network memorise
    /// training goals instead of reading the goal features, and a goal held out from training has no trained vector.
    /// Measured on held-out goals (benchmarks/results/multigoal.md): graph-nav, 250k steps, 5 seeds, sampled success
    /// 0.978–0.994 with task ids and 0.945–0.992 without; retrieval, 100k steps, return 4.39 / success 0.85 with task
    /// ids and 4.50–4.51 / 0.96–0.97 without — so the default keeps them and retrieval's benchmark turns them off.
    /// </summary>
    public IdEmbedding TaskIdEmbedding { get; init; } = IdEmbedding.Always;

    /// <summary>The architecture these options build for <paramref name="spec"/>: <see cref="Architecture"/>, with
    /// <c>auto</c> becoming <c>task-node</c> when the env has nodes, else <c>mlp</c>.</summary>
    public PolicyArchitecture ArchitectureFor(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Architecture == PolicyArchitecture.Auto
            ? (spec.MaxNodes > 0 ? PolicyArchitecture.TaskNode : PolicyArchitecture.Mlp)
            : Architecture;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentException($"PolicyOptions.Architecture must be Auto, Mlp or TaskNode, got {(int)Architecture}.", nameof(Architecture));
        }

        if (HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h is < 1 or > MaxWidth))
        {
            throw new ArgumentException(
                $"PolicyOptions.HiddenSizes must be a non-empty list of widths in [1, {MaxWidth}], got [{string.Join(", ", HiddenSizes ?? [])}].", nameof(HiddenSizes));
        }

        if (EmbeddingSize is < 1 or > MaxWidth)
        {
            throw new ArgumentException($"PolicyOptions.EmbeddingSize must be in [1, {MaxWidth}] or unset, got {EmbeddingSize}.", nameof(EmbeddingSize));
        }

        if (!Enum.IsDefined(NodeIdEmbedding))
        {
            throw new ArgumentException($"PolicyOptions.NodeIdEmbedding must be Auto, Always or Never, got {(int)NodeIdEmbedding}.", nameof(NodeIdEmbedding));
        }

        if (!Enum.IsDefined(TaskIdEmbedding))
        {
            throw new ArgumentException($"PolicyOptions.TaskIdEmbedding must be Auto, Always or Never, got {(int)TaskIdEmbedding}.", nameof(TaskIdEmbedding));
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentException($"PolicyOptions.Activation must be Tanh or ReLU, got {(int)Activation}.", nameof(Activation));
        }
    }
}
