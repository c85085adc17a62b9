using RagAgent.Core.Distributions;
using RagAgent.Core.Embeddings;
using RagAgent.Core.Nn;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Policies.Managed;

/// <summary>
/// Architecture <c>task-node</c>: a policy over a task (goal) and a set of nodes (graph nodes, devices, sub-tasks,
/// documents), shared across tasks. Each node is scored by one MLP applied to every node, so the network handles
/// any node count up to <see cref="EnvSpec.MaxNodes"/> and generalises across node positions.
/// </summary>
/// <remarks>
/// <para>With E = <see cref="PolicyOptions.EmbeddingSize"/>, per batch row b and node n:</para>
/// <code>
/// context[b] = task_embedding[TaskId] + goal_proj(GoalFeatures)          [E]   (the parts the spec has)
/// globals[b] = globals_proj(Globals)                                     [E]   (when GlobalFeatureSize &gt; 0)
/// node[b, n] = node_embedding[NodeId] + node_proj(NodeFeatures[n])       [E]   (see below)
/// h[b, n]    = node_mlp([context; node; globals])                        [H]   (HiddenSizes, Activation)
/// logits[b, n·ActionsPerNode + k] = node_logits(h[b, n])[k]
/// pooled[b]  = [masked mean_n h; masked max_n h; context; globals]
/// logits[b, NodeActions + j] = extra_logits(pooled)[j];   value[b] = value(pooled)
/// </code>
/// <para>Task ids are embedded according to <see cref="PolicyOptions.TaskIdEmbedding"/> (by default whenever the env
/// has them) and node ids according to <see cref="PolicyOptions.NodeIdEmbedding"/> (by default only when the nodes
/// carry no features): per-id vectors invite memorising goals and routes instead of reading features that transfer
/// to held-out goals.</para>
/// <para>Padding nodes and forbidden actions get <see cref="ActionMasking.MaskedLogit"/> and no gradient; pooling
/// skips padding nodes (all-padding rows pool to zeros).</para>
/// <para>Initialisation: orthogonal weights, zero biases; gain √2 in node_mlp, 1 on projections and the value head,
/// 0.01 on both logit heads; node embeddings N(0, 1). The task embedding (when there is one) starts at zero: a task
/// id never seen in training keeps a zero row, so for held-out goals the policy acts on the goal and node features
/// alone instead of on random noise.</para>
/// </remarks>
public sealed class TaskNodePolicy : ManagedActorCritic
{
    private readonly int _e;
    private readonly int _hidden;
    private readonly int _mlpInput;
    private readonly int _pooledWidth;
    private readonly int _contextWidth;
    private readonly int _globalsWidth;

    private readonly Embedding? _taskEmbedding;
    private readonly Linear? _goalProjection;
    private readonly Embedding? _nodeEmbedding;
    private readonly Linear? _nodeProjection;
    private readonly Linear? _globalsProjection;
    private readonly Mlp _nodeMlp;
    private readonly Linear? _nodeLogits;
    private readonly Linear? _extraLogits;
    private readonly Linear _value;

    // Inputs of the last forward pass (copied so Backward does not depend on the caller's batch).
    private int[] _taskIds = [];
    private float[] _goals = [];
    private int[] _nodeIds = [];
    private float[] _nodeFeatures = [];
    private bool[] _nodeMask = [];
    private float[] _globals = [];

    // Activations.
    private float[] _context = [];
    private float[] _globalsRep = [];
    private float[] _nodeRep = [];
    private float[] _mlpIn = [];
    private float[] _nodeLogitsOut = [];
    private float[] _meanPool = [];
    private float[] _maxPool = [];
    private int[] _argMax = [];
    private float[] _pooled = [];
    private float[] _extraOut = [];

    // Gradients.
    private float[] _dNodeLogits = [];
    private float[] _dExtra = [];
    private float[] _dPooled = [];
    private float[] _dMean = [];
    private float[] _dMax = [];
    private float[] _dHidden = [];
    private float[] _dMlpIn = [];
    private float[] _dContext = [];
    private float[] _dGlobals = [];
    private float[] _dNodeRep = [];

    /// <summary>Builds the network with weights drawn from <paramref name="seed"/> (same seed, same weights).</summary>
    /// <param name="spec">Observation and action spec; must have nodes (MaxNodes &gt; 0).</param>
    /// <param name="options">Hidden sizes, embedding size, activation and id embeddings; Architecture must be
    /// <c>task-node</c> or <c>auto</c> resolving to it.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <exception cref="ArgumentException">Invalid spec or options, or an option this spec cannot honour (names it).</exception>
    public TaskNodePolicy(EnvSpec spec, PolicyOptions options, int seed)
        : this(spec, Resolve(spec, options))
    {
        var random = new EnvRandom(seed);
        _goalProjection?.Initialize(random, 1f);
        _nodeEmbedding?.InitializeNormal(random, 1f);
        _nodeProjection?.Initialize(random, 1f);
        _globalsProjection?.Initialize(random, 1f);
        _nodeMlp.Initialize(random, MathF.Sqrt(2f), 1f);
        _nodeLogits?.Initialize(random, 0.01f);
        _extraLogits?.Initialize(random, 0.01f);
        _value.Initialize(random, 1f);
    }

    /// <summary>The network with every weight zero, for a checkpoint's weights to be imported into (no initialisation work).</summary>
    internal static TaskNodePolicy ForImport(EnvSpec spec, PolicyOptions options) => new(spec, Resolve(spec, options));

    private TaskNodePolicy(EnvSpec spec, PolicyOptions options)
        : base(spec, options)
    {
        _e = options.EmbeddingSize ?? PolicyOptions.DefaultEmbeddingSize;
        _hidden = options.HiddenSizes[^1];
        bool embedTaskIds = EmbedsTaskIds(spec, options);
        _contextWidth = embedTaskIds || spec.GoalFeatureSize > 0 ? _e : 0;
        _globalsWidth = spec.GlobalFeatureSize > 0 ? _e : 0;
        _mlpInput = _contextWidth + _e + _globalsWidth;
        _pooledWidth = (2 * _hidden) + _contextWidth + _globalsWidth;

        if (embedTaskIds)
        {
            _taskEmbedding = new Embedding(Parameters, "task_embedding", spec.NumTasks, _e);
        }

        if (spec.GoalFeatureSize > 0)
        {
            _goalProjection = new Linear(Parameters, "goal_proj", spec.GoalFeatureSize, _e);
        }

        if (EmbedsNodeIds(spec, options))
        {
            _nodeEmbedding = new Embedding(Parameters, "node_embedding", spec.NodeVocabSize, _e);
        }

        if (spec.NodeFeatureSize > 0)
        {
            _nodeProjection = new Linear(Parameters, "node_proj", spec.NodeFeatureSize, _e);
        }

        if (spec.GlobalFeatureSize > 0)
        {
            _globalsProjection = new Linear(Parameters, "globals_proj", spec.GlobalFeatureSize, _e);
        }

        _nodeMlp = new Mlp(Parameters, "node_mlp", _mlpInput, options.HiddenSizes, 0, options.Activation);
        if (spec.ActionsPerNode > 0)
        {
            _nodeLogits = new Linear(Parameters, "node_logits", _hidden, spec.ActionsPerNode);
        }

        if (spec.ExtraActions > 0)
        {
            _extraLogits = new Linear(Parameters, "extra_logits", _pooledWidth, spec.ExtraActions);
        }

        _value = new Linear(Parameters, "value", _pooledWidth, 1);
    }

    /// <summary>
    /// The options a task-node network builds from <paramref name="options"/> for <paramref name="spec"/>:
    /// architecture <c>task-node</c>, <see cref="PolicyOptions.EmbeddingSize"/> set, and the id embeddings decided
    /// (<c>always</c> when the network has the embedding, else <c>never</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An env without nodes, or an option this spec cannot honour, naming it.</exception>
    public static PolicyOptions Resolve(EnvSpec spec, PolicyOptions options)
    {
        ValidateArguments(spec, options, PolicyArchitecture.TaskNode);
        if (spec.MaxNodes == 0)
        {
            throw new ArgumentException($"EnvSpec '{spec.Id}' has no nodes (MaxNodes = 0); use the 'mlp' architecture.", nameof(spec));
        }

        return options with
        {
            Architecture = PolicyArchitecture.TaskNode,
            HiddenSizes = [.. options.HiddenSizes],
            EmbeddingSize = options.EmbeddingSize ?? PolicyOptions.DefaultEmbeddingSize,
            TaskIdEmbedding = EmbedsTaskIds(spec, options) ? IdEmbedding.Always : IdEmbedding.Never,
            NodeIdEmbedding = EmbedsNodeIds(spec, options) ? IdEmbedding.Always : IdEmbedding.Never,
        };
    }

    /// <summary>
    /// True when the network embeds task ids for <paramref name="spec"/> under <see cref="PolicyOptions.TaskIdEmbedding"/>
    /// (<c>always</c>: whenever the env has task ids; <c>auto</c>: only when it gives no goal features).
    /// </summary>
    /// <exception cref="ArgumentException"><c>never</c> for an env with task ids but no goal features.</exception>
    public static bool EmbedsTaskIds(EnvSpec spec, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TaskIdEmbedding == IdEmbedding.Never && spec.NumTasks > 0 && spec.GoalFeatureSize == 0)
        {
            throw new ArgumentException(
                $"PolicyOptions.TaskIdEmbedding is 'never' but '{spec.Id}' gives no goal features: the policy would see nothing of the task.",
                nameof(options));
        }

        return spec.NumTasks > 0 && options.TaskIdEmbedding switch
        {
            IdEmbedding.Never => false,
            IdEmbedding.Auto => spec.GoalFeatureSize == 0,
            _ => true,
        };
    }

    /// <summary>
    /// True when the network embeds node ids for <paramref name="spec"/> under <see cref="PolicyOptions.NodeIdEmbedding"/>
    /// (<c>auto</c>: only when nodes carry no features).
    /// </summary>
    /// <exception cref="ArgumentException"><c>never</c> for nodes that have ids but no features.</exception>
    public static bool EmbedsNodeIds(EnvSpec spec, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NodeIdEmbedding == IdEmbedding.Never && spec.NodeFeatureSize == 0 && spec.NodeVocabSize > 0)
        {
            throw new ArgumentException(
                $"PolicyOptions.NodeIdEmbedding is 'never' but the nodes of '{spec.Id}' have no features: the policy would see nothing of them.",
                nameof(options));
        }

        return spec.NodeVocabSize > 0 && options.NodeIdEmbedding switch
        {
            IdEmbedding.Always => true,
            IdEmbedding.Never => false,
            _ => spec.NodeFeatureSize == 0,
        };
    }

    private protected override void ForwardCore(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        EnvSpec s = Spec;
        int n = s.MaxNodes;
        int rows = count * n;
        int actions = s.NumActions;
        int nodeActions = s.NodeActions;
        CopyInputs(batch, count);

        // Context, globals and node representations, [count, E] and [count·nodes, E].
        if (_contextWidth > 0)
        {
            Span<float> context = _context.AsSpan(0, count * _e);
            if (_goalProjection is not null)
            {
                _goalProjection.Forward(_goals, context, count);
            }

            if (_taskEmbedding is not null)
            {
                _taskEmbedding.Forward(_taskIds, context, count, accumulate: _goalProjection is not null);
            }
        }

        _globalsProjection?.Forward(_globals, _globalsRep, count);
        Span<float> nodeRep = _nodeRep.AsSpan(0, rows * _e);
        _nodeProjection?.Forward(_nodeFeatures, nodeRep, rows);
        _nodeEmbedding?.Forward(_nodeIds, nodeRep, rows, _nodeMask.AsSpan(0, rows), accumulate: _nodeProjection is not null);

        // Per-node MLP over [context; node; globals].
        Span<float> mlpIn = _mlpIn.AsSpan(0, rows * _mlpInput);
        if (_contextWidth > 0)
        {
            Concat.ForwardBroadcast(_context, _e, mlpIn, _mlpInput, 0, count, n);
        }

        Concat.Forward(nodeRep, _e, mlpIn, _mlpInput, _contextWidth, rows);
        if (_globalsWidth > 0)
        {
            Concat.ForwardBroadcast(_globalsRep, _e, mlpIn, _mlpInput, _contextWidth + _e, count, n);
        }

        ReadOnlySpan<float> hidden = _nodeMlp.Forward(mlpIn, rows);

        // Node logits: [count·nodes, ActionsPerNode] is [count, NodeActions] row-major.
        if (_nodeLogits is not null)
        {
            _nodeLogits.Forward(hidden, _nodeLogitsOut, rows);
            for (int b = 0; b < count; b++)
            {
                _nodeLogitsOut.AsSpan(b * nodeActions, nodeActions).CopyTo(logits.Slice(b * actions, nodeActions));
            }
        }

        // Pooled summary for the extra actions and the value.
        ReadOnlySpan<bool> nodeMask = _nodeMask.AsSpan(0, rows);
        MaskedMeanPool.Forward(hidden, nodeMask, _meanPool, count, n, _hidden);
        MaskedMaxPool.Forward(hidden, nodeMask, _maxPool, _argMax, count, n, _hidden);
        Span<float> pooled = _pooled.AsSpan(0, count * _pooledWidth);
        Concat.Forward(_meanPool, _hidden, pooled, _pooledWidth, 0, count);
        Concat.Forward(_maxPool, _hidden, pooled, _pooledWidth, _hidden, count);
        if (_contextWidth > 0)
        {
            Concat.Forward(_context, _e, pooled, _pooledWidth, 2 * _hidden, count);
        }

        if (_globalsWidth > 0)
        {
            Concat.Forward(_globalsRep, _e, pooled, _pooledWidth, (2 * _hidden) + _contextWidth, count);
        }

        if (_extraLogits is not null)
        {
            int extra = s.ExtraActions;
            _extraLogits.Forward(pooled, _extraOut, count);
            for (int b = 0; b < count; b++)
            {
                _extraOut.AsSpan(b * extra, extra).CopyTo(logits.Slice((b * actions) + nodeActions, extra));
            }
        }

        _value.Forward(pooled, values, count);
    }

    private protected override void BackwardCore(ReadOnlySpan<float> dLogits, ReadOnlySpan<float> valueGradients, int count)
    {
        EnvSpec s = Spec;
        int n = s.MaxNodes;
        int rows = count * n;
        int actions = s.NumActions;
        int nodeActions = s.NodeActions;
        ReadOnlySpan<float> pooled = _pooled.AsSpan(0, count * _pooledWidth);
        Span<float> dPooled = _dPooled.AsSpan(0, count * _pooledWidth);
        ReadOnlySpan<float> hidden = _nodeMlp.Output[..(rows * _hidden)];

        // Heads on the pooled summary: value, then extra actions, into ∂L/∂pooled.
        _value.Backward(pooled, valueGradients, dPooled, count);
        if (_extraLogits is not null)
        {
            int extra = s.ExtraActions;
            for (int b = 0; b < count; b++)
            {
                dLogits.Slice((b * actions) + nodeActions, extra).CopyTo(_dExtra.AsSpan(b * extra, extra));
            }

            _extraLogits.Backward(pooled, _dExtra, dPooled, count, accumulateInputGradients: true);
        }

        // ∂L/∂h from the node-logit head and both poolings.
        Span<float> dHidden = _dHidden.AsSpan(0, rows * _hidden);
        if (_nodeLogits is not null)
        {
            for (int b = 0; b < count; b++)
            {
                dLogits.Slice(b * actions, nodeActions).CopyTo(_dNodeLogits.AsSpan(b * nodeActions, nodeActions));
            }

            _nodeLogits.Backward(hidden, _dNodeLogits, dHidden, rows);
        }
        else
        {
            dHidden.Clear();
        }

        ReadOnlySpan<bool> nodeMask = _nodeMask.AsSpan(0, rows);
        Concat.Backward(dPooled, _pooledWidth, 0, _dMean, _hidden, count);
        Concat.Backward(dPooled, _pooledWidth, _hidden, _dMax, _hidden, count);
        MaskedMeanPool.Backward(_dMean, nodeMask, dHidden, count, n, _hidden, accumulate: true);
        MaskedMaxPool.Backward(_dMax, _argMax, dHidden, count, n, _hidden, accumulate: true);

        // Per-node MLP, then split ∂L/∂[context; node; globals] (summing the broadcast parts over nodes).
        Span<float> dMlpIn = _dMlpIn.AsSpan(0, rows * _mlpInput);
        _nodeMlp.Backward(_mlpIn, dHidden, dMlpIn, rows);
        if (_contextWidth > 0)
        {
            Concat.Backward(dPooled, _pooledWidth, 2 * _hidden, _dContext, _e, count);
            Concat.BackwardBroadcast(dMlpIn, _mlpInput, 0, _dContext, _e, count, n, accumulate: true);
            _taskEmbedding?.Backward(_taskIds, _dContext, count);
            _goalProjection?.Backward(_goals, _dContext, [], count);
        }

        if (_globalsProjection is not null)
        {
            Concat.Backward(dPooled, _pooledWidth, (2 * _hidden) + _contextWidth, _dGlobals, _e, count);
            Concat.BackwardBroadcast(dMlpIn, _mlpInput, _contextWidth + _e, _dGlobals, _e, count, n, accumulate: true);
            _globalsProjection.Backward(_globals, _dGlobals, [], count);
        }

        Span<float> dNodeRep = _dNodeRep.AsSpan(0, rows * _e);
        Concat.Backward(dMlpIn, _mlpInput, _contextWidth, dNodeRep, _e, rows);
        _nodeEmbedding?.Backward(_nodeIds, dNodeRep, rows, nodeMask);
        _nodeProjection?.Backward(_nodeFeatures, dNodeRep, [], rows);
    }

    private protected override void ResizeBatchBuffers(int capacity)
    {
        EnvSpec spec = Spec;
        int b = capacity;
        int rows = b * spec.MaxNodes;
        _taskIds = new int[b];
        _goals = new float[b * spec.GoalFeatureSize];
        _nodeIds = new int[rows];
        _nodeFeatures = new float[rows * spec.NodeFeatureSize];
        _nodeMask = new bool[rows];
        _globals = new float[b * spec.GlobalFeatureSize];

        _context = new float[b * _contextWidth];
        _globalsRep = new float[b * _globalsWidth];
        _nodeRep = new float[rows * _e];
        _mlpIn = new float[rows * _mlpInput];
        _nodeLogitsOut = new float[rows * spec.ActionsPerNode];
        _meanPool = new float[b * _hidden];
        _maxPool = new float[b * _hidden];
        _argMax = new int[b * _hidden];
        _pooled = new float[b * _pooledWidth];
        _extraOut = new float[b * spec.ExtraActions];

        _dNodeLogits = new float[rows * spec.ActionsPerNode];
        _dExtra = new float[b * spec.ExtraActions];
        _dPooled = new float[b * _pooledWidth];
        _dMean = new float[b * _hidden];
        _dMax = new float[b * _hidden];
        _dHidden = new float[rows * _hidden];
        _dMlpIn = new float[rows * _mlpInput];
        _dContext = new float[b * _contextWidth];
        _dGlobals = new float[b * _globalsWidth];
        _dNodeRep = new float[rows * _e];
    }

    private protected override ManagedActorCritic CreateUninitialized() => new TaskNodePolicy(Spec, Options);

    private void CopyInputs(ObservationBatch batch, int count)
    {
        EnvSpec s = Spec;
        int n = s.MaxNodes;
        int rows = count * n;
        if (_taskEmbedding is not null)
        {
            for (int b = 0; b < count; b++)
            {
                _taskIds[b] = PolicyFactory.ValidateTaskId(batch, b, s.NumTasks);
            }
        }

        batch.GoalFeatures.AsSpan(0, count * s.GoalFeatureSize).CopyTo(_goals);
        batch.NodeIds.AsSpan(0, rows).CopyTo(_nodeIds);
        batch.NodeFeatures.AsSpan(0, rows * s.NodeFeatureSize).CopyTo(_nodeFeatures);
        batch.NodeMask.AsSpan(0, rows).CopyTo(_nodeMask);
        batch.Globals.AsSpan(0, count * s.GlobalFeatureSize).CopyTo(_globals);

        // Effective action mask: the env's mask, and no action on a padding node.
        int actions = s.NumActions;
        batch.ActionMasks.AsSpan(0, count * actions).CopyTo(ActionMasks);
        for (int b = 0; b < count; b++)
        {
            for (int a = 0; a < s.NodeActions; a++)
            {
                if (!_nodeMask[(b * n) + (a / s.ActionsPerNode)])
                {
                    ActionMasks[(b * actions) + a] = false;
                }
            }
        }
    }
}
