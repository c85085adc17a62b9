namespace RagAgent.Samples.Plotting;

/// <summary>
/// One group of runs in a <see cref="ChartPanel"/>: its centre line <c>(X[i], Y[i])</c> (a single run's curve or the
/// mean over seeds), the optional band from <see cref="Lower"/> to <see cref="Upper"/> at the same x, and the curves of
/// the individual seeds behind it. Non-finite y values are skipped when drawing.
/// </summary>
/// <param name="Label">Legend text of the centre line.</param>
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
    /// <summary>Legend text of the band (what it means, for example "95% t-interval of the mean"); empty without a band.</summary>
    public string BandLabel { get; init; } = string.Empty;

    /// <summary>Legend text of the thin per-seed lines; empty without them.</summary>
    public string SeedsLabel { get; init; } = string.Empty;

    /// <summary>The individual seeds' curves drawn thin behind the centre line (empty for a single run).</summary>
    public IReadOnlyList<SeedCurve> Seeds { get; init; } = [];

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

        foreach (SeedCurve seed in Seeds)
        {
            if (seed.Y.Count != seed.X.Count)
            {
                throw new ArgumentException($"Series '{Label}', seed {seed.Seed}: Y has {seed.Y.Count} points, X has {seed.X.Count}.", nameof(Seeds));
            }
        }
    }
}

/// <summary>The curve of one seed of a group: x ascending, <c>[points]</c> each.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="X">X coordinates, ascending, <c>[points]</c>.</param>
/// <param name="Y">Y coordinates, <c>[points]</c>.</param>
internal sealed record SeedCurve(int Seed, IReadOnlyList<double> X, IReadOnlyList<double> Y);
