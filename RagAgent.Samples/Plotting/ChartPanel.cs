namespace RagAgent.Samples.Plotting;

/// <summary>One panel of a <see cref="Figure"/>: one metric of one env against steps or wall time.</summary>
internal sealed record ChartPanel
{
    /// <summary>Title drawn above the panel (the metric, and the env when the figure holds several).</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Label of the horizontal axis.</summary>
    public string XLabel { get; init; } = "env steps";

    /// <summary>Label of the vertical axis.</summary>
    public string YLabel { get; init; } = "episode return";

    /// <summary>Draw the legend in this panel (the first row of panels carries it).</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>The groups of runs, drawn in order with the colours of <see cref="Palette"/>.</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];
}
