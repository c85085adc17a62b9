namespace RagAgent.Samples.Plotting;

/// <summary>What <see cref="FigureRenderer"/> draws: a title, a subtitle and a grid of panels filled row by row.</summary>
internal sealed record Figure
{
    /// <summary>Title drawn above the panels.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Second line under the title (for example the seeds and the smoothing), in a lighter shade.</summary>
    public string Subtitle { get; init; } = string.Empty;

    /// <summary>Number of panel columns; the panels fill the grid row by row.</summary>
    public int Columns { get; init; } = 1;

    /// <summary>Width of one panel in pixels.</summary>
    public int PanelWidth { get; init; } = 760;

    /// <summary>Height of one panel in pixels.</summary>
    public int PanelHeight { get; init; } = 400;

    /// <summary>The panels.</summary>
    public IReadOnlyList<ChartPanel> Panels { get; init; } = [];

    /// <summary>Number of panel rows.</summary>
    public int Rows => Math.Max(1, (Panels.Count + Columns - 1) / Columns);
}
