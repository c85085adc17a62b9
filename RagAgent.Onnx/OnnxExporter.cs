using System.Reflection;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Onnx;

/// <summary>
/// Writes a policy (<see cref="IActorCritic"/>, architecture <c>mlp</c> or <c>task-node</c>) as an ONNX model
/// (IR version 8, default-domain opset <see cref="Opset"/>) that computes what the managed engine computes: the masked
/// action probabilities and the state value. Any engine whose <see cref="IActorCritic.ExportWeights"/> uses the
/// managed engine's tensor names can be exported.
/// </summary>
/// <remarks>
/// <para>Inputs (only the parts the policy's <see cref="EnvSpec"/> has; <c>batch</c> is a dynamic axis):</para>
/// <list type="table">
/// <item><term><c>task_ids</c></term><description>int64 [batch], when NumTasks &gt; 0.</description></item>
/// <item><term><c>goal_features</c></term><description>float [batch, GoalFeatureSize], when GoalFeatureSize &gt; 0.</description></item>
/// <item><term><c>node_ids</c></term><description>int64 [batch, MaxNodes], when NodeVocabSize &gt; 0 (ignored on padding nodes).</description></item>
/// <item><term><c>node_features</c></term><description>float [batch, MaxNodes, NodeFeatureSize], when both are &gt; 0.</description></item>
/// <item><term><c>node_mask</c></term><description>bool [batch, MaxNodes] (true = real node), when MaxNodes &gt; 0.</description></item>
/// <item><term><c>globals</c></term><description>float [batch, GlobalFeatureSize], when GlobalFeatureSize &gt; 0.</description></item>
/// <item><term><c>action_mask</c></term><description>bool [batch, NumActions] (true = allowed), always.</description></item>
/// </list>
/// <para>Outputs: <c>probabilities</c> float [batch, NumActions], a softmax over the allowed actions with forbidden
/// actions (and, for task-node, actions on padding nodes) exactly 0; <c>value</c> float [batch]. An input the
/// network does not read (for example <c>task_ids</c> of an mlp that uses goal features instead) is still declared,
/// so every export of one env takes the same feed. Each row needs at least one allowed action.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The default-domain (<c>ai.onnx</c>) operator set version the model imports.</summary>
    public const int Opset = 17;

    /// <summary>Input name of the task ids, int64 [batch].</summary>
    public const string TaskIdsInput = "task_ids";

    /// <summary>Input name of the goal features, float [batch, GoalFeatureSize].</summary>
    public const string GoalFeaturesInput = "goal_features";

    /// <summary>Input name of the node ids, int64 [batch, MaxNodes].</summary>
    public const string NodeIdsInput = "node_ids";

    /// <summary>Input name of the node features, float [batch, MaxNodes, NodeFeatureSize].</summary>
    public const string NodeFeaturesInput = "node_features";

    /// <summary>Input name of the node mask, bool [batch, MaxNodes].</summary>
    public const string NodeMaskInput = "node_mask";

    /// <summary>Input name of the global features, float [batch, GlobalFeatureSize].</summary>
    public const string GlobalsInput = "globals";

    /// <summary>Input name of the action mask, bool [batch, NumActions].</summary>
    public const string ActionMaskInput = "action_mask";

    /// <summary>Output name of the masked action probabilities, float [batch, NumActions].</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>Output name of the state values, float [batch].</summary>
    public const string ValueOutput = "value";

    /// <summary>The input names a model exported for <paramref name="spec"/> declares, in order (see the remarks).</summary>
    public static IReadOnlyList<string> InputNames(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ObservationInputs(new GraphBuilder([]), spec).Names;
    }

    /// <summary>The ONNX model of <paramref name="policy"/>, serialised (a <c>ModelProto</c>).</summary>
    /// <param name="policy">A policy of architecture mlp or task-node.</param>
    /// <exception cref="ArgumentException">The policy's architecture cannot be exported (names it).</exception>
    /// <exception cref="InvalidDataException">A weight the architecture needs is missing or mis-shaped (names it).</exception>
    public static byte[] Export(IActorCritic policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        EnvSpec spec = policy.Spec;
        PolicyOptions options = policy.Options;
        var graph = new GraphBuilder(policy.ExportWeights());
        var inputs = new ObservationInputs(graph, spec);
        switch (options.Architecture)
        {
            case PolicyArchitecture.Mlp:
                MlpGraph.Build(graph, inputs, spec, options);
                break;
            case PolicyArchitecture.TaskNode:
                TaskNodeGraph.Build(graph, inputs, spec, options);
                break;
            default:
                throw new ArgumentException(
                    $"IActorCritic.Options.Architecture is {options.Architecture}; only resolved mlp or task-node policies can be exported.", nameof(policy));
        }

        string version = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        string doc = $"RagAgent {options.Architecture} policy for env '{spec.Id}': probabilities [batch, {spec.NumActions}] and value [batch].";
        return OnnxSchema.Model(graph.Build(spec.Id), version, doc, Opset).ToArray();
    }

    /// <summary>Writes the ONNX model of <paramref name="policy"/> to <paramref name="path"/> atomically (a
    /// temporary file next to it, then a rename), so a crash never leaves a truncated model.</summary>
    /// <exception cref="ArgumentException">See <see cref="Export"/>.</exception>
    /// <exception cref="InvalidDataException">See <see cref="Export"/>.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(IActorCritic policy, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] model = Export(policy);
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(model);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
