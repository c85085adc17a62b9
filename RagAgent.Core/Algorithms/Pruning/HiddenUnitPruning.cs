using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;

namespace RagAgent.Core.Algorithms.Pruning;

/// <summary>
/// Structured magnitude pruning of an <c>mlp</c> checkpoint: every hidden layer of the actor and of the critic keeps
/// its most important units and drops the rest, so the returned network really is smaller. A unit's importance is
/// the product of the L2 norm of its incoming weights and bias (row of <c>layer.weight [out, in]</c> and
/// <c>layer.bias [out]</c>) and the L2 norm of its outgoing weights (column of the next layer's <c>weight</c>): a
/// unit that receives little or sends little contributes little. Kept units stay in their original order, so pruning
/// to the teacher's own sizes returns the same network.
/// </summary>
public static class HiddenUnitPruning
{
    /// <summary>Prunes the hidden layers of <paramref name="teacher"/> to <paramref name="hiddenSizes"/>.</summary>
    /// <param name="teacher">An <c>mlp</c> checkpoint (weights <c>actor.{0,2,…}</c> and <c>critic.{0,2,…}</c>).</param>
    /// <param name="hiddenSizes">New width of every hidden layer, as many entries as the teacher has hidden layers,
    /// each in [1, the teacher's width].</param>
    /// <returns>A checkpoint with the smaller <see cref="PolicyOptions.HiddenSizes"/> (manifest Policy = the resolved
    /// options, the teacher's spec and training steps, none of its metrics), no optimizer or trainer state, loadable by <see cref="PolicyFactory.FromCheckpoint"/>.</returns>
    /// <exception cref="ArgumentException">Not an mlp checkpoint, or sizes that do not fit it (names them).</exception>
    public static CheckpointContent Prune(CheckpointContent teacher, int[] hiddenSizes)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        IActorCritic policy = PolicyFactory.FromCheckpoint(teacher);
        PolicyOptions options = policy.Options;
        if (options.Architecture != PolicyArchitecture.Mlp)
        {
            throw new ArgumentException(
                "Hidden-unit pruning supports the mlp architecture only; the checkpoint's policy is task-node (distil it into an mlp student instead, `ragagent distill`).", nameof(teacher));
        }

        int[] widths = options.HiddenSizes;
        if (hiddenSizes.Length != widths.Length)
        {
            throw new ArgumentException(
                $"hiddenSizes has {hiddenSizes.Length} entries but the checkpoint has {widths.Length} hidden layers [{string.Join(',', widths)}].", nameof(hiddenSizes));
        }

        for (int i = 0; i < widths.Length; i++)
        {
            if (hiddenSizes[i] < 1 || hiddenSizes[i] > widths[i])
            {
                throw new ArgumentException(
                    $"hiddenSizes[{i}] is {hiddenSizes[i]}; it must be in [1, {widths[i]}] (the checkpoint's width of that layer).", nameof(hiddenSizes));
            }
        }

        var byName = policy.ExportWeights().ToDictionary(t => t.Name);
        var pruned = new List<NamedTensor>(byName.Count);
        PruneNetwork(byName, "actor", hiddenSizes, pruned);
        PruneNetwork(byName, "critic", hiddenSizes, pruned);
        var manifest = new CheckpointManifest
        {
            Policy = options with { HiddenSizes = [.. hiddenSizes] },
            Spec = teacher.Manifest.Spec,
            TrainingSteps = teacher.Manifest.TrainingSteps,
        };
        return new CheckpointContent(manifest, pruned);
    }

    private static void PruneNetwork(Dictionary<string, NamedTensor> byName, string prefix, int[] hiddenSizes, List<NamedTensor> output)
    {
        int[]? keptInputs = null;
        for (int layer = 0; layer <= hiddenSizes.Length; layer++)
        {
            NamedTensor weight = byName[$"{prefix}.{2 * layer}.weight"];
            NamedTensor bias = byName[$"{prefix}.{2 * layer}.bias"];
            int inputs = weight.Shape[1];
            int[] columns = keptInputs ?? [.. Enumerable.Range(0, inputs)];
            int[] rows = layer < hiddenSizes.Length
                ? KeptUnits(weight, bias, byName[$"{prefix}.{(2 * layer) + 2}.weight"], hiddenSizes[layer])
                : [.. Enumerable.Range(0, weight.Shape[0])];
            var weightData = new float[rows.Length * columns.Length];
            var biasData = new float[rows.Length];
            for (int r = 0; r < rows.Length; r++)
            {
                biasData[r] = bias.Data[rows[r]];
                for (int c = 0; c < columns.Length; c++)
                {
                    weightData[(r * columns.Length) + c] = weight.Data[(rows[r] * inputs) + columns[c]];
                }
            }

            output.Add(new NamedTensor(weight.Name, [rows.Length, columns.Length], weightData));
            output.Add(new NamedTensor(bias.Name, [rows.Length], biasData));
            keptInputs = rows;
        }
    }

    /// <summary>The <paramref name="keep"/> units of a hidden layer with the largest ‖incoming‖·‖outgoing‖, ascending.</summary>
    /// <param name="weight">The layer's weight [units, in].</param>
    /// <param name="bias">The layer's bias [units].</param>
    /// <param name="next">The next layer's weight [out, units].</param>
    /// <param name="keep">Units to keep.</param>
    private static int[] KeptUnits(NamedTensor weight, NamedTensor bias, NamedTensor next, int keep)
    {
        int units = weight.Shape[0];
        int inputs = weight.Shape[1];
        int outputs = next.Shape[0];
        var importance = new double[units];
        for (int u = 0; u < units; u++)
        {
            double incoming = (double)bias.Data[u] * bias.Data[u];
            for (int c = 0; c < inputs; c++)
            {
                double w = weight.Data[(u * inputs) + c];
                incoming += w * w;
            }

            double outgoing = 0;
            for (int o = 0; o < outputs; o++)
            {
                double w = next.Data[(o * units) + u];
                outgoing += w * w;
            }

            importance[u] = Math.Sqrt(incoming) * Math.Sqrt(outgoing);
        }

        // Largest importance first, ties to the lower index; then back to the original order.
        int[] order = [.. Enumerable.Range(0, units).OrderByDescending(u => importance[u]).ThenBy(u => u)];
        return [.. order.Take(keep).Order()];
    }
}
