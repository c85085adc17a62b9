using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Calibration observations drawn from a spec alone, for checkpoints of envs the server cannot make: features
/// uniform within their declared bounds ([-1, 1] where a bound is missing, shifted to meet the one given), random
/// node masks with at least one valid node, node actions allowed only on valid nodes, and at least one allowed action.
/// </summary>
internal static class SpecObservations
{
    /// <summary><paramref name="count"/> observations of <paramref name="spec"/>, the same for the same <paramref name="seed"/>.</summary>
    public static List<Observation> Draw(EnvSpec spec, int count, int seed)
    {
        var random = new Random(seed);
        var drawn = new List<Observation>(count);
        for (int i = 0; i < count; i++)
        {
            var o = new Observation(spec);
            o.TaskId = spec.NumTasks > 0 ? random.Next(spec.NumTasks) : 0;
            Fill(random, o.GoalFeatures, spec.GoalFeatureBounds);
            Fill(random, o.NodeFeatures, spec.NodeFeatureBounds);
            Fill(random, o.Globals, spec.GlobalBounds);
            for (int n = 0; n < spec.MaxNodes; n++)
            {
                o.NodeMask[n] = n == 0 || random.Next(2) == 1;
                if (spec.NodeVocabSize > 0)
                {
                    o.NodeIds[n] = random.Next(spec.NodeVocabSize);
                }
            }

            for (int a = 0; a < spec.NumActions; a++)
            {
                bool onValidNode = a >= spec.NodeActions || o.NodeMask[a / spec.ActionsPerNode];
                o.ActionMask[a] = onValidNode && random.Next(4) != 0;
            }

            if (!o.HasAllowedAction())
            {
                o.ActionMask[spec.NodeActions > 0 ? random.Next(spec.ActionsPerNode) : random.Next(spec.NumActions)] = true;
            }

            drawn.Add(o);
        }

        return drawn;
    }

    private static void Fill(Random random, float[] features, FeatureBounds? bounds)
    {
        float low = bounds?.Low ?? (bounds?.High is float h ? h - 2f : -1f);
        float high = bounds?.High ?? low + 2f;
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = low + ((high - low) * random.NextSingle());
        }
    }
}
