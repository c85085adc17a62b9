namespace RagAgent.Core.Distributions;

/// <summary>
/// Masking of action logits. Forbidden actions get <see cref="MaskedLogit"/>, a large finite negative number:
/// its probability underflows to exactly zero after a stable softmax, while entropy and gradients stay finite
/// (−∞ would turn <c>0 · log 0</c> into NaN).
/// </summary>
public static class ActionMasking
{
    /// <summary>The logit given to forbidden actions.</summary>
    public const float MaskedLogit = -1e8f;

    /// <summary>Sets <c>logits[i] = MaskedLogit</c> wherever <c>mask[i]</c> is false.</summary>
    /// <param name="mask">[actions], <c>true</c> = allowed.</param>
    /// <param name="logits">[actions], modified in place.</param>
    public static void Apply(ReadOnlySpan<bool> mask, Span<float> logits)
    {
        if (mask.Length != logits.Length)
        {
            throw new ArgumentException($"mask has {mask.Length} entries; logits has {logits.Length}. Expected equal lengths [actions].", nameof(mask));
        }

        for (int i = 0; i < logits.Length; i++)
        {
            if (!mask[i])
            {
                logits[i] = MaskedLogit;
            }
        }
    }
}
