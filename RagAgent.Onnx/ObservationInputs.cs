using RagAgent.Envs.Abstractions;

namespace RagAgent.Onnx;

/// <summary>
/// The graph inputs of an exported policy: one per observation part its <see cref="EnvSpec"/> has, plus the action
/// mask, each with the dynamic batch axis first (see <see cref="OnnxExporter"/> for names, types and shapes). A part
/// the spec lacks has no input and its name is <c>null</c> here.
/// </summary>
internal sealed class ObservationInputs
{
    /// <summary>Declares the inputs of <paramref name="spec"/> on <paramref name="graph"/>.</summary>
    public ObservationInputs(GraphBuilder graph, EnvSpec spec)
    {
        const long batch = -1;
        if (spec.NumTasks > 0)
        {
            TaskIds = graph.Input(OnnxExporter.TaskIdsInput, OnnxSchema.Int64, [batch], $"task id of each row, in [0, {spec.NumTasks})");
        }

        if (spec.GoalFeatureSize > 0)
        {
            GoalFeatures = graph.Input(OnnxExporter.GoalFeaturesInput, OnnxSchema.Float, [batch, spec.GoalFeatureSize], "goal features");
        }

        if (spec.NodeVocabSize > 0)
        {
            NodeIds = graph.Input(OnnxExporter.NodeIdsInput, OnnxSchema.Int64, [batch, spec.MaxNodes], $"node ids in [0, {spec.NodeVocabSize}); ignored on padding nodes");
        }

        if (spec.MaxNodes > 0 && spec.NodeFeatureSize > 0)
        {
            NodeFeatures = graph.Input(OnnxExporter.NodeFeaturesInput, OnnxSchema.Float, [batch, spec.MaxNodes, spec.NodeFeatureSize], "node features");
        }

        if (spec.MaxNodes > 0)
        {
            NodeMask = graph.Input(OnnxExporter.NodeMaskInput, OnnxSchema.Bool, [batch, spec.MaxNodes], "true = real node, false = padding");
        }

        if (spec.GlobalFeatureSize > 0)
        {
            Globals = graph.Input(OnnxExporter.GlobalsInput, OnnxSchema.Float, [batch, spec.GlobalFeatureSize], "global features");
        }

        ActionMask = graph.Input(OnnxExporter.ActionMaskInput, OnnxSchema.Bool, [batch, spec.NumActions], "true = allowed action");
    }

    /// <summary><c>task_ids</c> [batch] int64, when the spec has tasks.</summary>
    public string? TaskIds { get; }

    /// <summary><c>goal_features</c> [batch, GoalFeatureSize] float.</summary>
    public string? GoalFeatures { get; }

    /// <summary><c>node_ids</c> [batch, MaxNodes] int64.</summary>
    public string? NodeIds { get; }

    /// <summary><c>node_features</c> [batch, MaxNodes, NodeFeatureSize] float.</summary>
    public string? NodeFeatures { get; }

    /// <summary><c>node_mask</c> [batch, MaxNodes] bool.</summary>
    public string? NodeMask { get; }

    /// <summary><c>globals</c> [batch, GlobalFeatureSize] float.</summary>
    public string? Globals { get; }

    /// <summary><c>action_mask</c> [batch, NumActions] bool.</summary>
    public string ActionMask { get; }

    /// <summary>The names of the declared inputs, in declaration order.</summary>
    public IReadOnlyList<string> Names =>
        [.. new[] { TaskIds, GoalFeatures, NodeIds, NodeFeatures, NodeMask, Globals, ActionMask }.OfType<string>()];
}
