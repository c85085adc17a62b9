using System.Globalization;

namespace RagAgent.Envs.Abstractions;

/// <summary>
/// Declared range of every value of one observation part (as Gymnasium's <c>Box(low, high)</c> with one low and one
/// high for the whole part): values must lie in <c>[Low, High]</c>. A null side is unbounded.
/// </summary>
/// <param name="Low">Smallest allowed value, or null for no lower bound.</param>
/// <param name="High">Largest allowed value, or null for no upper bound.</param>
public sealed record FeatureBounds(float? Low, float? High)
{
    /// <summary>Values in <c>[0, 1]</c>: flags, fractions, probabilities.</summary>
    public static FeatureBounds UnitInterval { get; } = new(0f, 1f);

    /// <summary>Values in <c>[-1, 1]</c>: unit-vector components, signed fractions, cosine similarities.</summary>
    public static FeatureBounds SignedUnitInterval { get; } = new(-1f, 1f);

    /// <summary>True when <paramref name="value"/> lies inside the bounds (NaN never does).</summary>
    public bool Contains(float value) => !float.IsNaN(value) && !(value < Low) && !(value > High);

    /// <summary>Names what is wrong with the bounds (a non-finite side, or <c>Low &gt; High</c>), or null when they are valid.</summary>
    /// <param name="field">The spec field holding these bounds, for the message.</param>
    internal string? FindProblem(string field) =>
        Low is float low && !float.IsFinite(low) ? $"{field}.Low must be finite or null (unbounded), got {low}."
        : High is float high && !float.IsFinite(high) ? $"{field}.High must be finite or null (unbounded), got {high}."
        : Low > High ? $"{field}.Low ({Low}) must not exceed {field}.High ({High})."
        : null;

    /// <summary>The interval, for example <c>[0, 1]</c> or <c>[-1, +inf)</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Low is float low ? $"[{low:0.###}" : "(-inf")}, {(High is float high ? $"{high:0.###}]" : "+inf)")}");
}
