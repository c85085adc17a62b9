using RagAgent.Envs.Randomness;

namespace RagAgent.Hosting.Models;

/// <summary>Picks an action from masked probabilities: the most probable, or a sample.</summary>
public static class ActionSelector
{
    /// <summary>Index of the largest probability among allowed actions (lowest index on ties).</summary>
    /// <param name="probabilities">[actions].</param>
    /// <param name="mask">[actions], at least one true.</param>
    public static int Argmax(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> mask)
    {
        int best = -1;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (mask[i] && (best < 0 || probabilities[i] > probabilities[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Samples an allowed action by inverse CDF; never returns a masked action.</summary>
    /// <param name="probabilities">[actions], masked entries 0, summing to 1.</param>
    /// <param name="mask">[actions], at least one true.</param>
    /// <param name="random">Source of the uniform draw.</param>
    public static int Sample(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> mask, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        double cumulative = 0;
        int lastAllowed = -1;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            lastAllowed = i;
            cumulative += probabilities[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return lastAllowed;
    }
}
