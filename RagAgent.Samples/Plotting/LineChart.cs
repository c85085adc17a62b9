namespace RagAgent.Samples.Plotting;

/// <summary>What <see cref="SvgLineChartRenderer"/> draws: a titled line chart with labelled axes and a set of series.</summary>
internal sealed record LineChart
{
    /// <summary>Title drawn above the plot.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Optional second line under the title (for example the seeds), in a lighter shade.</summary>
    public string Subtitle { get; init; } = string.Empty;

    /// <summary>Label of the horizontal axis.</summary>
    public string XLabel { get; init; } = "env steps";

    /// <summary>Label of the vertical axis.</summary>
    public string YLabel { get; init; } = "episode return";

    /// <summary>Width of the picture in pixels.</summary>
    public int Width { get; init; } = 760;

    /// <summary>Height of the picture in pixels.</summary>
    public int Height { get; init; } = 440;

    /// <summary>The curves, drawn in order with the colours of <see cref="Palette"/>.</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];
}
