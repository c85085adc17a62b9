using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Onnx;

/// <summary>
/// The graph of architecture <c>task-node</c> (RagAgent.Core's <c>TaskNodePolicy</c>), operation for operation:
/// context, globals and node representations [E]; the shared <c>node_mlp</c> over <c>[context; node; globals]</c>
/// on every node ([batch·nodes, H]); node logits; masked mean and max pooling over real nodes (zeros when a row has
/// none); extra logits and the value from <c>[mean; max; context; globals]</c>. Actions on padding nodes are masked
/// in addition to the input mask, as in the managed network.
/// </summary>
internal static class TaskNodeGraph
{
    /// <summary>Adds the network between <paramref name="inputs"/> and the outputs.</summary>
    public static void Build(GraphBuilder graph, ObservationInputs inputs, EnvSpec spec, PolicyOptions options)
    {
        int e = options.EmbeddingSize ?? PolicyOptions.DefaultEmbeddingSize;
        int nodes = spec.MaxNodes;
        int hidden = options.HiddenSizes[^1];
        string nodeMask = inputs.NodeMask ?? throw new InvalidDataException($"EnvSpec '{spec.Id}' has no nodes; the task-node architecture needs them.");
        string nodeMaskFloat = graph.Op("Cast", "node_mask_float", [nodeMask], OnnxSchema.IntAttribute("to", OnnxSchema.Float));

        string? context = Context(graph, inputs, spec, options, e);
        string? globals = inputs.Globals is string g ? graph.Linear(g, "globals_proj", spec.GlobalFeatureSize, e) : null;
        string nodeRep = NodeRepresentation(graph, inputs, spec, options, e, nodeMaskFloat);

        // Per-node MLP over [context; node; globals], rows = batch·nodes.
        string nodeRep3 = graph.Op("Reshape", "node_rep_3d", [nodeRep, graph.Int64s("shape", -1, nodes, e)]);
        string nodeShape = graph.Op("Shape", "node_rep_shape", [nodeRep3]);
        var mlpParts = new List<string>();
        if (context is not null)
        {
            mlpParts.Add(BroadcastOverNodes(graph, context, nodeShape));
        }

        mlpParts.Add(nodeRep3);
        if (globals is not null)
        {
            mlpParts.Add(BroadcastOverNodes(graph, globals, nodeShape));
        }

        int mlpInput = e * mlpParts.Count;
        string mlpIn = graph.Op("Reshape", "node_mlp_input", [graph.Concat("node_mlp_input_3d", 2, mlpParts), graph.Int64s("shape", -1, mlpInput)]);
        string h = graph.Mlp(mlpIn, "node_mlp", mlpInput, options.HiddenSizes, 0, options.Activation);

        var logitParts = new List<string>();
        if (spec.ActionsPerNode > 0)
        {
            string perNode = graph.Linear(h, "node_logits", hidden, spec.ActionsPerNode);
            logitParts.Add(graph.Op("Reshape", "node_logits_rows", [perNode, graph.Int64s("shape", -1, spec.NodeActions)]));
        }

        // Masked mean and max pooling over real nodes.
        string h3 = graph.Op("Reshape", "hidden_3d", [h, graph.Int64s("shape", -1, nodes, hidden)]);
        string axis1 = graph.Int64s("axes", 1);
        string maskFloat3 = graph.Op("Unsqueeze", "node_mask_3d", [nodeMaskFloat, graph.Int64s("axes", 2)]);
        string sum = graph.Op("ReduceSum", "hidden_sum", [graph.Op("Mul", "hidden_real", [h3, maskFloat3]), axis1], OnnxSchema.IntAttribute("keepdims", 0));
        string count = graph.Op("ReduceSum", "real_nodes", [nodeMaskFloat, axis1], OnnxSchema.IntAttribute("keepdims", 1));
        string mean = graph.Op("Div", "mean_pool", [sum, graph.Op("Max", "real_nodes_at_least_1", [count, graph.Scalar("one", 1f)])]);
        string maskBool3 = graph.Op("Unsqueeze", "node_mask_bool_3d", [nodeMask, graph.Int64s("axes", 2)]);
        string candidates = graph.Op("Where", "hidden_or_lowest", [maskBool3, h3, graph.Scalar("lowest", float.MinValue)]);
        string max = graph.Op("ReduceMax", "hidden_max", [candidates], OnnxSchema.IntsAttribute("axes", [1]), OnnxSchema.IntAttribute("keepdims", 0));
        string anyReal = graph.Op("Greater", "any_real_node", [count, graph.Scalar("zero", 0f)]);
        string maxPool = graph.Op("Where", "max_pool", [anyReal, max, graph.Scalar("zero", 0f)]);

        var pooledParts = new List<string> { mean, maxPool };
        if (context is not null)
        {
            pooledParts.Add(context);
        }

        if (globals is not null)
        {
            pooledParts.Add(globals);
        }

        int pooledWidth = (2 * hidden) + (e * (pooledParts.Count - 2));
        string pooled = graph.Concat("pooled", 1, pooledParts);
        if (spec.ExtraActions > 0)
        {
            logitParts.Add(graph.Linear(pooled, "extra_logits", pooledWidth, spec.ExtraActions));
        }

        string logits = graph.Concat("logits", 1, logitParts);
        string value = graph.Linear(pooled, "value", pooledWidth, 1);
        PolicyHead.Add(graph, spec, logits, EffectiveMask(graph, spec, inputs.ActionMask, nodeMaskFloat), value);
    }

    /// <summary>context [batch, E] = goal_proj(goal_features) + task_embedding[task_ids] (the parts the network has), or null.</summary>
    private static string? Context(GraphBuilder graph, ObservationInputs inputs, EnvSpec spec, PolicyOptions options, int e)
    {
        string? goal = inputs.GoalFeatures is string goals ? graph.Linear(goals, "goal_proj", spec.GoalFeatureSize, e) : null;
        string? task = options.TaskIdEmbedding == IdEmbedding.Always && inputs.TaskIds is string taskIds
            ? graph.Op("Gather", "task_embedded", [graph.Weight("task_embedding.weight", spec.NumTasks, e), taskIds])
            : null;
        return (goal, task) switch
        {
            (string a, string b) => graph.Op("Add", "context", [a, b]),
            (string a, null) => a,
            (null, string b) => b,
            _ => null,
        };
    }

    /// <summary>
    /// node [batch·nodes, E] = node_proj(node_features) + node_embedding[node_ids]·real: padding nodes get no
    /// embedding (their ids are not read) and keep the projection, or zeros without one.
    /// </summary>
    private static string NodeRepresentation(GraphBuilder graph, ObservationInputs inputs, EnvSpec spec, PolicyOptions options, int e, string nodeMaskFloat)
    {
        string? projected = null;
        if (inputs.NodeFeatures is string features)
        {
            string rows = graph.Op("Reshape", "node_feature_rows", [features, graph.Int64s("shape", -1, spec.NodeFeatureSize)]);
            projected = graph.Linear(rows, "node_proj", spec.NodeFeatureSize, e);
        }

        if (options.NodeIdEmbedding != IdEmbedding.Always || inputs.NodeIds is not string ids)
        {
            return projected ?? throw new InvalidDataException($"EnvSpec '{spec.Id}': the task-node network reads neither node features nor node ids.");
        }

        string safeIds = graph.Op("Where", "node_ids_real", [inputs.NodeMask!, ids, graph.Int64Scalar("id_zero", 0)]);
        string embedded = graph.Op("Gather", "node_embedded", [graph.Weight("node_embedding.weight", spec.NodeVocabSize, e), safeIds]);
        string embeddedRows = graph.Op("Reshape", "node_embedded_rows", [embedded, graph.Int64s("shape", -1, e)]);
        string realRows = graph.Op("Reshape", "node_real_rows", [nodeMaskFloat, graph.Int64s("shape", -1, 1)]);
        string masked = graph.Op("Mul", "node_embedded_real", [embeddedRows, realRows]);
        return projected is null ? masked : graph.Op("Add", "node_rep", [projected, masked]);
    }

    /// <summary>[batch, E] repeated over the nodes: [batch, nodes, E] (the shape of <paramref name="nodeShape"/>).</summary>
    private static string BroadcastOverNodes(GraphBuilder graph, string x, string nodeShape) =>
        graph.Op("Expand", "per_node", [graph.Op("Unsqueeze", "row_3d", [x, graph.Int64s("axes", 1)]), nodeShape]);

    /// <summary>
    /// action_mask ∧ (the action's node is real): node action a belongs to node a / ActionsPerNode; extra actions
    /// keep the input mask. Computed as real[batch, nodes] · R[nodes, actions] + extra[actions] &gt; 0.5, with 0/1
    /// entries only, so it is exact.
    /// </summary>
    private static string EffectiveMask(GraphBuilder graph, EnvSpec spec, string actionMask, string nodeMaskFloat)
    {
        if (spec.NodeActions == 0)
        {
            return actionMask;
        }

        int actions = spec.NumActions;
        float[] route = new float[spec.MaxNodes * actions];
        float[] extra = new float[actions];
        for (int a = 0; a < actions; a++)
        {
            if (a < spec.NodeActions)
            {
                route[((a / spec.ActionsPerNode) * actions) + a] = 1f;
            }
            else
            {
                extra[a] = 1f;
            }
        }

        string onReal = graph.Op("MatMul", "action_on_real_node", [nodeMaskFloat, graph.Constant("node_to_action", [spec.MaxNodes, actions], route)]);
        string open = graph.Op("Add", "action_open", [onReal, graph.Constant("extra_actions", [actions], extra)]);
        string allowed = graph.Op("Greater", "action_open_bool", [open, graph.Scalar("half", 0.5f)]);
        return graph.Op("And", "effective_action_mask", [actionMask, allowed]);
    }
}
