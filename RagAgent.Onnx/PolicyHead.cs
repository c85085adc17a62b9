using RagAgent.Core.Distributions;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Onnx;

/// <summary>
/// The outputs shared by both architectures: <c>probabilities = where(mask, softmax(where(mask, logits,
/// MaskedLogit)), 0)</c>, so forbidden actions are exactly 0, and <c>value</c> flattened to [batch].
/// </summary>
internal static class PolicyHead
{
    /// <summary>Adds the masked softmax and the value output.</summary>
    /// <param name="graph">Graph under construction.</param>
    /// <param name="spec">The policy's spec.</param>
    /// <param name="logits">[batch, NumActions] raw logits.</param>
    /// <param name="mask">[batch, NumActions] bool, the effective action mask.</param>
    /// <param name="value">[batch, 1] state values.</param>
    public static void Add(GraphBuilder graph, EnvSpec spec, string logits, string mask, string value)
    {
        string masked = graph.Op("Where", "masked_logits", [mask, logits, graph.Scalar("masked_logit", ActionMasking.MaskedLogit)]);
        string softmax = graph.Op("Softmax", "softmax", [masked], OnnxSchema.IntAttribute("axis", -1));
        string probabilities = graph.Op("Where", "masked_probabilities", [mask, softmax, graph.Scalar("zero", 0f)]);
        graph.Output(probabilities, OnnxExporter.ProbabilitiesOutput, OnnxSchema.Float, [-1, spec.NumActions],
            "action probabilities; exactly 0 where the action is forbidden");
        string flat = graph.Op("Reshape", "value_flat", [value, graph.Int64s("value_shape", -1)]);
        graph.Output(flat, OnnxExporter.ValueOutput, OnnxSchema.Float, [-1], "the critic's state value");
    }
}
