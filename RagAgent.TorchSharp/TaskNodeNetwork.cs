using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp;

/// <summary>The inputs of one task-node forward pass on the device (B rows, N = MaxNodes).</summary>
/// <param name="TaskIds">[B] int64, or null without a task embedding.</param>
/// <param name="Goals">[B, GoalFeatureSize], or null without goal features.</param>
/// <param name="NodeIds">[B, N] int64 (0 at padding nodes), or null without a node embedding.</param>
/// <param name="NodeFeatures">[B, N, NodeFeatureSize], or null without node features.</param>
/// <param name="NodeMask">[B, N] bool, true = real node.</param>
/// <param name="Globals">[B, GlobalFeatureSize], or null without globals.</param>
internal sealed record TaskNodeInputs(Tensor? TaskIds, Tensor? Goals, Tensor? NodeIds, Tensor? NodeFeatures, Tensor NodeMask, Tensor? Globals);

/// <summary>
/// The managed <c>TaskNodePolicy</c>'s network as TorchSharp modules with its parameter names (<c>task_embedding</c>,
/// <c>goal_proj</c>, <c>node_embedding</c>, <c>node_proj</c>, <c>globals_proj</c>, <c>node_mlp.{0,2,…}</c>,
/// <c>node_logits</c>, <c>extra_logits</c>, <c>value</c>), registered in the managed order.
/// </summary>
internal sealed class TaskNodeNetwork : nn.Module<TaskNodeInputs, (Tensor Logits, Tensor Values)>
{
    private readonly int _e;
    private readonly int _nodes;
    private readonly Embedding? _taskEmbedding;
    private readonly Linear? _goalProjection;
    private readonly Embedding? _nodeEmbedding;
    private readonly Linear? _nodeProjection;
    private readonly Linear? _globalsProjection;
    private readonly Sequential _nodeMlp;
    private readonly Linear? _nodeLogits;
    private readonly Linear? _extraLogits;
    private readonly Linear _value;

    /// <param name="spec">The env spec.</param>
    /// <param name="resolved">Options resolved by the managed <c>TaskNodePolicy.Resolve</c>.</param>
    public TaskNodeNetwork(EnvSpec spec, PolicyOptions resolved)
        : base("task_node")
    {
        _e = resolved.EmbeddingSize ?? PolicyOptions.DefaultEmbeddingSize;
        _nodes = spec.MaxNodes;
        int hidden = resolved.HiddenSizes[^1];
        bool embedTasks = resolved.TaskIdEmbedding == IdEmbedding.Always;
        int contextWidth = embedTasks || spec.GoalFeatureSize > 0 ? _e : 0;
        int globalsWidth = spec.GlobalFeatureSize > 0 ? _e : 0;
        int pooledWidth = (2 * hidden) + contextWidth + globalsWidth;
        _taskEmbedding = embedTasks ? Register("task_embedding", nn.Embedding(spec.NumTasks, _e)) : null;
        _goalProjection = spec.GoalFeatureSize > 0 ? Register("goal_proj", nn.Linear(spec.GoalFeatureSize, _e)) : null;
        _nodeEmbedding = resolved.NodeIdEmbedding == IdEmbedding.Always ? Register("node_embedding", nn.Embedding(spec.NodeVocabSize, _e)) : null;
        _nodeProjection = spec.NodeFeatureSize > 0 ? Register("node_proj", nn.Linear(spec.NodeFeatureSize, _e)) : null;
        _globalsProjection = spec.GlobalFeatureSize > 0 ? Register("globals_proj", nn.Linear(spec.GlobalFeatureSize, _e)) : null;
        _nodeMlp = Register("node_mlp", ActorCriticMlps.Build(contextWidth + _e + globalsWidth, resolved.HiddenSizes, 0, resolved.Activation));
        _nodeLogits = spec.ActionsPerNode > 0 ? Register("node_logits", nn.Linear(hidden, spec.ActionsPerNode)) : null;
        _extraLogits = spec.ExtraActions > 0 ? Register("extra_logits", nn.Linear(pooledWidth, spec.ExtraActions)) : null;
        _value = Register("value", nn.Linear(pooledWidth, 1));
    }

    /// <summary>Logits [B, NumActions] (node actions, then extra actions) and values [B], unmasked.</summary>
    public override (Tensor Logits, Tensor Values) forward(TaskNodeInputs x)
    {
        long b = x.NodeMask.shape[0];
        Tensor? context = null;
        if (_goalProjection is not null)
        {
            context = _goalProjection.forward(x.Goals!);
        }

        if (_taskEmbedding is not null)
        {
            Tensor task = _taskEmbedding.forward(x.TaskIds!);
            context = context is null ? task : context + task;
        }

        Tensor? globals = _globalsProjection?.forward(x.Globals!);
        Tensor realNodes = x.NodeMask.unsqueeze(-1).to_type(ScalarType.Float32);
        Tensor? node = _nodeProjection?.forward(x.NodeFeatures!);
        if (_nodeEmbedding is not null)
        {
            Tensor embedded = _nodeEmbedding.forward(x.NodeIds!) * realNodes;
            node = node is null ? embedded : node + embedded;
        }

        node ??= zeros([b, _nodes, _e], device: x.NodeMask.device);
        var parts = new List<Tensor>(3);
        if (context is not null)
        {
            parts.Add(context.unsqueeze(1).expand(b, _nodes, _e));
        }

        parts.Add(node);
        if (globals is not null)
        {
            parts.Add(globals.unsqueeze(1).expand(b, _nodes, _e));
        }

        Tensor hidden = _nodeMlp.forward(cat(parts, 2));
        Tensor counts = realNodes.sum(1);
        Tensor mean = (hidden * realNodes).sum(1) / counts.clamp_min(1f);
        Tensor anyNode = counts > 0;
        Tensor max = where(anyNode, hidden.masked_fill(x.NodeMask.unsqueeze(-1).logical_not(), float.NegativeInfinity).amax(1), zeros_like(mean));
        var pooledParts = new List<Tensor> { mean, max };
        if (context is not null)
        {
            pooledParts.Add(context);
        }

        if (globals is not null)
        {
            pooledParts.Add(globals);
        }

        Tensor pooled = cat(pooledParts, 1);
        var logits = new List<Tensor>(2);
        if (_nodeLogits is not null)
        {
            logits.Add(_nodeLogits.forward(hidden).reshape(b, -1));
        }

        if (_extraLogits is not null)
        {
            logits.Add(_extraLogits.forward(pooled));
        }

        return (cat(logits, 1), _value.forward(pooled).squeeze(1));
    }

    private T Register<T>(string name, T module)
        where T : nn.Module
    {
        register_module(name, module);
        return module;
    }
}
