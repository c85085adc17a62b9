using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Onnx;

/// <summary>
/// The graph of architecture <c>mlp</c> (RagAgent.Core's <c>MlpPolicy</c>): the flat input
/// <c>[globals; goal_features; one_hot(task_ids); flatten(node_features); float(node_mask)]</c> (the parts the
/// network reads) through the <c>actor</c> and <c>critic</c> perceptrons; the action mask is the input's as it is.
/// </summary>
internal static class MlpGraph
{
    /// <summary>Adds the network between <paramref name="inputs"/> and the outputs.</summary>
    public static void Build(GraphBuilder graph, ObservationInputs inputs, EnvSpec spec, PolicyOptions options)
    {
        var parts = new List<string>();
        int width = 0;
        if (inputs.Globals is string globals)
        {
            parts.Add(globals);
            width += spec.GlobalFeatureSize;
        }

        if (inputs.GoalFeatures is string goals)
        {
            parts.Add(goals);
            width += spec.GoalFeatureSize;
        }

        if (options.TaskIdEmbedding == IdEmbedding.Always && inputs.TaskIds is string taskIds)
        {
            int tasks = spec.NumTasks;
            float[] identity = new float[tasks * tasks];
            for (int t = 0; t < tasks; t++)
            {
                identity[(t * tasks) + t] = 1f;
            }

            parts.Add(graph.Op("Gather", "task_one_hot", [graph.Constant("identity", [tasks, tasks], identity), taskIds]));
            width += tasks;
        }

        if (inputs.NodeFeatures is string nodeFeatures)
        {
            parts.Add(graph.Op("Flatten", "node_features_flat", [nodeFeatures], OnnxSchema.IntAttribute("axis", 1)));
            width += spec.MaxNodes * spec.NodeFeatureSize;
        }

        if (inputs.NodeMask is string nodeMask)
        {
            parts.Add(graph.Op("Cast", "node_mask_float", [nodeMask], OnnxSchema.IntAttribute("to", OnnxSchema.Float)));
            width += spec.MaxNodes;
        }

        string x = graph.Concat("mlp_input", 1, parts);
        string logits = graph.Mlp(x, "actor", width, options.HiddenSizes, spec.NumActions, options.Activation);
        string value = graph.Mlp(x, "critic", width, options.HiddenSizes, 1, options.Activation);
        PolicyHead.Add(graph, spec, logits, inputs.ActionMask, value);
    }
}
