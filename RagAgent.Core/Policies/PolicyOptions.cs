namespace RagAgent.Core.Policies;

/// <summary>Architecture and sizes of a policy network; stored in every checkpoint's manifest.</summary>
public sealed record PolicyOptions
{
    /// <summary>Architecture name: <c>mlp</c> (flat observations), <c>task-node</c> (tasks and node sets), or
    /// <c>auto</c> to choose from the env spec (<c>task-node</c> when the env has nodes, else <c>mlp</c>).</summary>
    public string Architecture { get; init; } = "auto";

    /// <summary>Hidden layer widths of the MLPs (CleanRL: 64-64).</summary>
    public int[] HiddenSizes { get; init; } = [64, 64];

    /// <summary>Width of task and node embeddings and of projected features.</summary>
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>Hidden activation: <c>tanh</c> (PPO's usual choice) or <c>relu</c>.</summary>
    public string Activation { get; init; } = "tanh";

    /// <summary>
    /// Whether the <c>task-node</c> architecture embeds node ids: <c>auto</c> embeds them only when nodes carry no
    /// features, <c>always</c>, or <c>never</c> (nodes must then have features). Learned per-id vectors let the
    /// network memorise routes per node instead of reading the node features, which hurts goals held out from
    /// training (graph-nav, 150k PPO steps: 0.53 greedy success on held-out goals with node-id embeddings, 0.88
    /// without; benchmarks/results/nn.md).
    /// </summary>
    public string NodeIdEmbedding { get; init; } = "auto";

    /// <summary>
    /// Whether the <c>task-node</c> architecture embeds task ids: <c>always</c> (when the env has task ids),
    /// <c>never</c> (the env must then give goal features), or <c>auto</c> (only when the env gives no goal features).
    /// A learned vector per task id adds what is specific to each training goal; it can also let the network memorise
    /// training goals instead of reading the goal features, and a goal held out from training has no trained vector.
    /// Measured on held-out goals (benchmarks/results/multigoal.md): graph-nav, 250k steps, 5 seeds, sampled success
    /// 0.978–0.994 with task ids and 0.945–0.992 without; retrieval, 100k steps, return 4.39 / success 0.85 with task
    /// ids and 4.50–4.51 / 0.96–0.97 without — so the default keeps them and retrieval's benchmark turns them off.
    /// </summary>
    public string TaskIdEmbedding { get; init; } = "always";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (Architecture is not ("auto" or "mlp" or "task-node"))
        {
            throw new ArgumentException($"PolicyOptions.Architecture must be 'auto', 'mlp' or 'task-node', got '{Architecture}'.", nameof(Architecture));
        }

        if (HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentException("PolicyOptions.HiddenSizes must be a non-empty list of positive widths.", nameof(HiddenSizes));
        }

        if (EmbeddingSize < 1)
        {
            throw new ArgumentException($"PolicyOptions.EmbeddingSize must be >= 1, got {EmbeddingSize}.", nameof(EmbeddingSize));
        }

        if (NodeIdEmbedding is not ("auto" or "always" or "never"))
        {
            throw new ArgumentException($"PolicyOptions.NodeIdEmbedding must be 'auto', 'always' or 'never', got '{NodeIdEmbedding}'.", nameof(NodeIdEmbedding));
        }

        if (TaskIdEmbedding is not ("always" or "never" or "auto"))
        {
            throw new ArgumentException($"PolicyOptions.TaskIdEmbedding must be 'always', 'never' or 'auto', got '{TaskIdEmbedding}'.", nameof(TaskIdEmbedding));
        }

        if (Activation is not ("tanh" or "relu"))
        {
            throw new ArgumentException($"PolicyOptions.Activation must be 'tanh' or 'relu', got '{Activation}'.", nameof(Activation));
        }
    }
}
