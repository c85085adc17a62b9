namespace RagAgent.Hosting.Models;

/// <summary>Numerically stable softmax over the allowed actions; forbidden actions get probability exactly 0.</summary>
public static class MaskedSoftmax
{
    /// <summary>p_i = exp(l_i − max) / Σ_allowed exp(l_j − max) where allowed, else 0.</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions], <c>true</c> = allowed; at least one entry must be true.</param>
    /// <param name="probabilities">[actions] output.</param>
    public static void Compute(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> probabilities)
    {
        if (mask.Length != logits.Length || probabilities.Length != logits.Length)
        {
            throw new ArgumentException(
                $"logits, mask and probabilities must all have [actions] = {logits.Length} entries; got {mask.Length} and {probabilities.Length}.",
                nameof(mask));
        }

        float max = float.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i] && logits[i] > max)
            {
                max = logits[i];
            }
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            float p = mask[i] ? MathF.Exp(logits[i] - max) : 0f;
            probabilities[i] = p;
            sum += p;
        }

        float scale = (float)(1.0 / sum);
        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] *= scale;
        }
    }
}
