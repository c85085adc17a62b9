namespace RagAgent.Envs.Wrappers;

/// <summary>Options of <see cref="NormalizeObservation"/> (Gymnasium's NormalizeObservation with SB3's VecNormalize clipping).</summary>
public sealed record NormalizeObservationOptions
{
    /// <summary>Normalised values are clamped to [−Clip, Clip] (<c>clip_obs</c>).</summary>
    public float Clip { get; init; } = 10f;

    /// <summary>Added to the variance before the square root (<c>epsilon</c>).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!(Clip > 0f) || !float.IsFinite(Clip))
        {
            throw new ArgumentException($"NormalizeObservationOptions.Clip must be positive and finite, got {Clip}.", nameof(Clip));
        }

        if (!(Epsilon > 0.0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentException($"NormalizeObservationOptions.Epsilon must be positive and finite, got {Epsilon}.", nameof(Epsilon));
        }
    }
}
