using ScottPlot;
using SkiaSharp;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Draws a <see cref="Figure"/> with ScottPlot as PNG or SVG: the title and subtitle centred on top, then one ScottPlot
/// panel per <see cref="ChartPanel"/> in a grid. Each group of runs is a line (thin lines for the individual seeds, a
/// bold mean and its band behind it); axes get ticks at 1-2-5 steps with <c>k</c>/<c>M</c> labels
/// (<see cref="NiceScale"/>, <see cref="TickFormatter"/>).
/// </summary>
internal static class FigureRenderer
{
    private const float TitleSize = 17;
    private const float SubtitleSize = 13;

    /// <summary>
    /// Serialises rendering: ScottPlot's font and typeface caches are shared statics, and several runs in one process
    /// (seeds trained in parallel) may draw their curves at the same time.
    /// </summary>
    private static readonly Lock RenderLock = new();

    /// <summary>Writes <paramref name="figure"/> to <paramref name="path"/> in the format of its extension (<see cref="FigureFormats.Known"/>).</summary>
    public static void WriteFile(Figure figure, string path) => WriteFile(
        figure,
        path,
        FigureFormats.FromPath(path) ?? throw new ArgumentException($"'{path}' has no known image extension; use {FigureFormats.Known}.", nameof(path)));

    /// <summary>Writes <paramref name="figure"/> to <paramref name="path"/> in <paramref name="format"/>, atomically (a temporary file renamed over it).</summary>
    public static void WriteFile(Figure figure, string path, FigureFormat format)
    {
        string temporary = path + ".tmp";
        try
        {
            using (FileStream stream = File.Create(temporary))
            {
                Write(figure, stream, format);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="figure"/> to <paramref name="stream"/> in <paramref name="format"/>.</summary>
    public static void Write(Figure figure, Stream stream, FigureFormat format)
    {
        lock (RenderLock)
        {
            WriteLocked(figure, stream, format);
        }
    }

    private static void WriteLocked(Figure figure, Stream stream, FigureFormat format)
    {
        foreach (ChartSeries series in figure.Panels.SelectMany(p => p.Series))
        {
            series.Validate();
        }

        float header = string.IsNullOrEmpty(figure.Subtitle) ? 44 : 64;
        int width = figure.Columns * figure.PanelWidth;
        int height = (int)header + (figure.Rows * figure.PanelHeight);
        if (format == FigureFormat.Svg)
        {
            using var svg = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream);
            Draw(svg, figure, width, header);
            return;
        }

        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException($"Cannot allocate a {width}x{height} image.");
        Draw(surface.Canvas, figure, width, header);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        png.SaveTo(stream);
    }

    private static void Draw(SKCanvas canvas, Figure figure, int width, float header)
    {
        canvas.Clear(SKColors.White);

        IReadOnlyList<ChartPanel> panels = figure.Panels.Count == 0 ? [new ChartPanel()] : figure.Panels;
        for (int i = 0; i < panels.Count; i++)
        {
            // A plot's first render lays out its axes and may draw a second time; do that off-screen so an SVG gets
            // each element once. Rendering also clears the canvas (in SVG an unfilled, that is black, rectangle):
            // turned off, and clipped to the panel's cell besides.
            using Plot plot = PanelPlot(panels[i]);
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            plot.RenderInMemory(figure.PanelWidth, figure.PanelHeight);
            float left = i % figure.Columns * figure.PanelWidth;
            float top = header + (i / figure.Columns * figure.PanelHeight);
            var cell = new PixelRect(left, left + figure.PanelWidth, top, top + figure.PanelHeight);
            canvas.Save();
            canvas.ClipRect(cell.ToSKRect());
            plot.Render(canvas, cell);
            canvas.Restore();
        }

        DrawText(canvas, figure.Title, width / 2f, 28, TitleSize, bold: true, Palette.Text);
        DrawText(canvas, figure.Subtitle, width / 2f, 50, SubtitleSize, bold: false, Palette.MutedText);
    }

    private static void DrawText(SKCanvas canvas, string text, float x, float baseline, float size, bool bold, Color color)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        SKTypeface typeface = Fonts.GetTypeface(FigureFont.Family, bold, italic: false); // cached by ScottPlot: not disposed here
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = color.ToSKColor(), IsAntialias = true };
        canvas.DrawText(text, x, baseline, SKTextAlign.Center, font, paint);
    }

    private static Plot PanelPlot(ChartPanel panel)
    {
        var plot = new Plot();
        plot.Font.Set(FigureFont.Family);
        if (!string.IsNullOrEmpty(panel.Title))
        {
            plot.Title(panel.Title, size: 14);
        }

        plot.XLabel(panel.XLabel, size: 13);
        plot.YLabel(panel.YLabel, size: 13);
        plot.Grid.MajorLineColor = Color.FromHex("#E6E6E6");
        for (int i = 0; i < panel.Series.Count; i++)
        {
            AddSeries(plot, panel.Series[i], Palette.ColorOf(i));
        }

        if (!SetAxes(plot, panel))
        {
            var note = plot.Add.Text("no data yet", 0.5, 0.5);
            note.LabelFontColor = Palette.MutedText;
            note.LabelAlignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        }

        if (panel.ShowLegend && panel.Series.Count > 0)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.HideLegend();
        }

        return plot;
    }

    private static void AddSeries(Plot plot, ChartSeries series, Color color)
    {
        for (int s = 0; s < series.Seeds.Count; s++)
        {
            SeedCurve seed = series.Seeds[s];
            (double[] x, double[] y) = Finite(seed.X, seed.Y);
            var line = plot.Add.ScatterLine(x, y, color.WithOpacity(0.35));
            line.LineWidth = 1;
            line.LegendText = s == 0 ? series.SeedsLabel : string.Empty;
        }

        if (series.HasBand)
        {
            int[] keep = Enumerable.Range(0, series.X.Count)
                .Where(i => double.IsFinite(series.Lower![i]) && double.IsFinite(series.Upper![i]))
                .ToArray();
            if (keep.Length > 1)
            {
                var band = plot.Add.FillY(
                    keep.Select(i => series.X[i]).ToArray(),
                    keep.Select(i => series.Lower![i]).ToArray(),
                    keep.Select(i => series.Upper![i]).ToArray());
                band.FillColor = color.WithOpacity(0.18);
                band.LineWidth = 0;
                band.LegendText = series.BandLabel;
            }
        }

        (double[] cx, double[] cy) = Finite(series.X, series.Y);
        var centre = plot.Add.ScatterLine(cx, cy, color);
        centre.LineWidth = 2;
        centre.LegendText = series.Label;
    }

    /// <summary>Sets 1-2-5 ticks and limits from the data; false when the panel has no finite point.</summary>
    private static bool SetAxes(Plot plot, ChartPanel panel)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (ChartSeries series in panel.Series)
        {
            Collect(series.X, series.Y, xs, ys);
            if (series.HasBand)
            {
                Collect(series.X, series.Lower!, xs, ys);
                Collect(series.X, series.Upper!, xs, ys);
            }

            foreach (SeedCurve seed in series.Seeds)
            {
                Collect(seed.X, seed.Y, xs, ys);
            }
        }

        if (xs.Count == 0)
        {
            return false;
        }

        NiceScale x = NiceScale.Tight(xs.Min(), xs.Max());
        NiceScale y = NiceScale.For(ys.Min(), ys.Max());
        plot.Axes.Bottom.TickGenerator = Ticks(x);
        plot.Axes.Left.TickGenerator = Ticks(y);
        // A little room above and below so a curve at a nice bound (a success rate of 1) is not hidden by the frame.
        double margin = (y.Max - y.Min) * 0.02;
        plot.Axes.SetLimits(x.Min, x.Max, y.Min - margin, y.Max + margin);
        return true;
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(NiceScale scale)
    {
        IReadOnlyList<double> positions = scale.Ticks();
        return new ScottPlot.TickGenerators.NumericManual([.. positions], [.. TickFormatter.Format(positions, scale.Step)]);
    }

    private static void Collect(IReadOnlyList<double> x, IReadOnlyList<double> y, List<double> xs, List<double> ys)
    {
        for (int i = 0; i < x.Count; i++)
        {
            if (double.IsFinite(y[i]) && double.IsFinite(x[i]))
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }
    }

    private static (double[] X, double[] Y) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int[] keep = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }
}
