namespace RagAgent.Core.Nn;

/// <summary>
/// Masked fill: entries whose mask is false are replaced by a constant (for logits,
/// <see cref="Distributions.ActionMasking.MaskedLogit"/>); their gradient is zero because the output no longer depends
/// on the input there.
/// </summary>
internal static class MaskedFill
{
    /// <summary>values[i] = fill wherever mask[i] is false.</summary>
    /// <param name="mask">[n], <c>true</c> = keep.</param>
    /// <param name="values">[n], modified in place.</param>
    /// <param name="fill">Replacement value.</param>
    public static void Forward(ReadOnlySpan<bool> mask, Span<float> values, float fill)
    {
        Shapes.Require(values.Length, 1, mask.Length, nameof(values), "n");
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                values[i] = fill;
            }
        }
    }

    /// <summary>gradients[i] = 0 wherever mask[i] is false.</summary>
    /// <param name="mask">[n], <c>true</c> = keep.</param>
    /// <param name="gradients">[n], modified in place.</param>
    public static void Backward(ReadOnlySpan<bool> mask, Span<float> gradients) => Forward(mask, gradients, 0f);
}
