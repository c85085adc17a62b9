namespace RagAgent.Samples.Plotting;

/// <summary>
/// One curve of a <see cref="LineChart"/>: points <c>(X[i], Y[i])</c> and, for a mean over several seeds, an optional
/// band from <see cref="Lower"/> to <see cref="Upper"/> at the same x. Non-finite y values are skipped.
/// </summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">X coordinates, ascending, <c>[points]</c>.</param>
/// <param name="Y">Y coordinates, <c>[points]</c>.</param>
/// <param name="Lower">Lower edge of the band, <c>[points]</c>, or null for no band.</param>
/// <param name="Upper">Upper edge of the band, <c>[points]</c>, or null for no band.</param>
internal sealed record ChartSeries(
    string Label,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<double>? Lower = null,
    IReadOnlyList<double>? Upper = null)
{
    /// <summary>True when the series carries a band.</summary>
    public bool HasBand => Lower is not null && Upper is not null;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first array whose length differs from <see cref="X"/>.</summary>
    public void Validate()
    {
        if (Y.Count != X.Count)
        {
            throw new ArgumentException($"Series '{Label}': Y has {Y.Count} points, X has {X.Count}.", nameof(Y));
        }

        if ((Lower is null) != (Upper is null))
        {
            throw new ArgumentException($"Series '{Label}': a band needs both Lower and Upper.", nameof(Lower));
        }

        if (Lower is not null && (Lower.Count != X.Count || Upper!.Count != X.Count))
        {
            throw new ArgumentException($"Series '{Label}': band edges must have {X.Count} points like X.", nameof(Lower));
        }
    }
}
