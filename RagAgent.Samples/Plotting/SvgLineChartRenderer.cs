using System.Globalization;
using System.Text;
using System.Xml;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Renders a <see cref="LineChart"/> as a self-contained SVG document: title, light grid, left and bottom axes with
/// nice ticks, one line per series (with its min–max band underneath when it has one) and a legend to the right of
/// the plot when there is more than one series or a band to explain. Text goes through an <see cref="XmlWriter"/>,
/// so labels are escaped and the output is always well-formed XML.
/// </summary>
internal static class SvgLineChartRenderer
{
    private const string FontFamily = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
    private const string AxisColor = "#333333";
    private const string GridColor = "#e6e6e6";
    private const string TextColor = "#222222";
    private const string MutedTextColor = "#666666";
    private const double CharWidth = 6.8;
    private const double FontSize = 12;

    /// <summary>Renders <paramref name="chart"/> to an SVG string (no XML declaration; UTF-8 when written to a file).</summary>
    public static string Render(LineChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        foreach (ChartSeries series in chart.Series)
        {
            series.Validate();
        }

        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(builder, settings))
        {
            Write(writer, chart);
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>Renders <paramref name="chart"/> and writes it to <paramref name="path"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteFile(LineChart chart, string path) =>
        File.WriteAllText(path, Render(chart), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static void Write(XmlWriter writer, LineChart chart)
    {
        bool showLegend = chart.Series.Count > 1 || chart.Series.Any(s => s.HasBand);
        double legendWidth = showLegend ? LegendWidth(chart.Series) : 0;
        double top = string.IsNullOrEmpty(chart.Subtitle) ? 46 : 62;
        var plot = new PlotArea(Left: 72, Top: top, Right: chart.Width - 24 - legendWidth, Bottom: chart.Height - 56);

        (NiceScale xScale, NiceScale yScale) = Scales(chart.Series);

        writer.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        Attr(writer, "width", chart.Width);
        Attr(writer, "height", chart.Height);
        writer.WriteAttributeString("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {chart.Width} {chart.Height}"));
        writer.WriteAttributeString("font-family", FontFamily);
        Attr(writer, "font-size", FontSize);
        writer.WriteElementString("title", "http://www.w3.org/2000/svg", chart.Title);

        writer.WriteStartElement("rect");
        writer.WriteAttributeString("width", "100%");
        writer.WriteAttributeString("height", "100%");
        writer.WriteAttributeString("fill", "#ffffff");
        writer.WriteEndElement();

        writer.WriteStartElement("defs");
        writer.WriteStartElement("clipPath");
        writer.WriteAttributeString("id", "plot-area");
        Rect(writer, plot.Left, plot.Top, plot.Width, plot.Height);
        writer.WriteEndElement();
        writer.WriteEndElement();

        WriteTitle(writer, chart, plot);
        WriteGrid(writer, plot, xScale, yScale);
        WriteSeries(writer, chart.Series, plot, xScale, yScale);
        WriteAxes(writer, chart, plot, xScale, yScale);
        if (chart.Series.Count == 0 || chart.Series.All(s => !s.Y.Any(double.IsFinite)))
        {
            Text(writer, "no-data", plot.Left + (plot.Width / 2), plot.Top + (plot.Height / 2), "no data yet", "middle", MutedTextColor);
        }

        if (showLegend)
        {
            WriteLegend(writer, chart.Series, plot.Right + 20, plot.Top);
        }

        writer.WriteEndElement();
    }

    private static (NiceScale X, NiceScale Y) Scales(IReadOnlyList<ChartSeries> series)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (ChartSeries s in series)
        {
            for (int i = 0; i < s.X.Count; i++)
            {
                if (!double.IsFinite(s.X[i]) || !double.IsFinite(s.Y[i]))
                {
                    continue;
                }

                xMin = Math.Min(xMin, s.X[i]);
                xMax = Math.Max(xMax, s.X[i]);
                double low = s.HasBand && double.IsFinite(s.Lower![i]) ? Math.Min(s.Lower[i], s.Y[i]) : s.Y[i];
                double high = s.HasBand && double.IsFinite(s.Upper![i]) ? Math.Max(s.Upper[i], s.Y[i]) : s.Y[i];
                yMin = Math.Min(yMin, low);
                yMax = Math.Max(yMax, high);
            }
        }

        if (double.IsPositiveInfinity(xMin))
        {
            return (new NiceScale(0, 1, 0.2), new NiceScale(0, 1, 0.2));
        }

        // Training curves start at step 0 even when the first logged point comes after one rollout.
        if (xMin >= 0)
        {
            xMin = 0;
        }

        return (NiceScale.Tight(xMin, xMax, targetTicks: 6), NiceScale.For(yMin, yMax, targetTicks: 6));
    }

    private static void WriteTitle(XmlWriter writer, LineChart chart, PlotArea plot)
    {
        double center = plot.Left + (plot.Width / 2);
        writer.WriteStartElement("text");
        writer.WriteAttributeString("class", "title");
        Attr(writer, "x", center);
        Attr(writer, "y", 26);
        writer.WriteAttributeString("text-anchor", "middle");
        Attr(writer, "font-size", 15);
        writer.WriteAttributeString("font-weight", "600");
        writer.WriteAttributeString("fill", TextColor);
        writer.WriteString(chart.Title);
        writer.WriteEndElement();
        if (!string.IsNullOrEmpty(chart.Subtitle))
        {
            Text(writer, "subtitle", center, 44, chart.Subtitle, "middle", MutedTextColor);
        }
    }

    private static void WriteGrid(XmlWriter writer, PlotArea plot, NiceScale xScale, NiceScale yScale)
    {
        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "grid");
        writer.WriteAttributeString("stroke", GridColor);
        Attr(writer, "stroke-width", 1);
        foreach (double tick in xScale.Ticks())
        {
            double x = plot.MapX(tick, xScale);
            Line(writer, x, plot.Top, x, plot.Bottom);
        }

        foreach (double tick in yScale.Ticks())
        {
            double y = plot.MapY(tick, yScale);
            Line(writer, plot.Left, y, plot.Right, y);
        }

        writer.WriteEndElement();
    }

    private static void WriteSeries(XmlWriter writer, IReadOnlyList<ChartSeries> series, PlotArea plot, NiceScale xScale, NiceScale yScale)
    {
        // All bands first, so no band ever covers another series' line.
        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "bands");
        writer.WriteAttributeString("clip-path", "url(#plot-area)");
        for (int s = 0; s < series.Count; s++)
        {
            if (!series[s].HasBand)
            {
                continue;
            }

            writer.WriteStartElement("path");
            writer.WriteAttributeString("class", "band");
            writer.WriteAttributeString("data-series", series[s].Label);
            writer.WriteAttributeString("d", BandPath(series[s], plot, xScale, yScale));
            writer.WriteAttributeString("fill", Palette.ColorOf(s));
            Attr(writer, "fill-opacity", 0.18);
            writer.WriteAttributeString("stroke", "none");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "lines");
        writer.WriteAttributeString("clip-path", "url(#plot-area)");
        writer.WriteAttributeString("fill", "none");
        writer.WriteAttributeString("stroke-linejoin", "round");
        writer.WriteAttributeString("stroke-linecap", "round");
        for (int s = 0; s < series.Count; s++)
        {
            writer.WriteStartElement("path");
            writer.WriteAttributeString("class", "line");
            writer.WriteAttributeString("data-series", series[s].Label);
            writer.WriteAttributeString("d", LinePath(series[s].X, series[s].Y, plot, xScale, yScale));
            writer.WriteAttributeString("stroke", Palette.ColorOf(s));
            Attr(writer, "stroke-width", 1.8);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static string LinePath(IReadOnlyList<double> xs, IReadOnlyList<double> ys, PlotArea plot, NiceScale xScale, NiceScale yScale)
    {
        var d = new StringBuilder();
        bool penDown = false;
        for (int i = 0; i < xs.Count; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                penDown = false;
                continue;
            }

            d.Append(penDown ? " L" : (d.Length == 0 ? "M" : " M"));
            AppendPoint(d, plot.MapX(xs[i], xScale), plot.MapY(ys[i], yScale));
            penDown = true;
        }

        return d.ToString();
    }

    private static string BandPath(ChartSeries series, PlotArea plot, NiceScale xScale, NiceScale yScale)
    {
        // One closed polygon per run of points where both edges are finite: upper edge forward, lower edge back.
        var d = new StringBuilder();
        int i = 0;
        while (i < series.X.Count)
        {
            if (!BandPointFinite(series, i))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < series.X.Count && BandPointFinite(series, i))
            {
                i++;
            }

            for (int j = start; j < i; j++)
            {
                d.Append(j == start ? (d.Length == 0 ? "M" : " M") : " L");
                AppendPoint(d, plot.MapX(series.X[j], xScale), plot.MapY(series.Upper![j], yScale));
            }

            for (int j = i - 1; j >= start; j--)
            {
                d.Append(" L");
                AppendPoint(d, plot.MapX(series.X[j], xScale), plot.MapY(series.Lower![j], yScale));
            }

            d.Append(" Z");
        }

        return d.ToString();
    }

    private static bool BandPointFinite(ChartSeries series, int i) =>
        double.IsFinite(series.X[i]) && double.IsFinite(series.Lower![i]) && double.IsFinite(series.Upper![i]);

    private static void AppendPoint(StringBuilder d, double x, double y) =>
        d.Append(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##}");

    private static void WriteAxes(XmlWriter writer, LineChart chart, PlotArea plot, NiceScale xScale, NiceScale yScale)
    {
        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "axes");
        writer.WriteAttributeString("stroke", AxisColor);
        Attr(writer, "stroke-width", 1);
        Line(writer, plot.Left, plot.Bottom, plot.Right, plot.Bottom);
        Line(writer, plot.Left, plot.Top, plot.Left, plot.Bottom);
        IReadOnlyList<double> xTicks = xScale.Ticks();
        IReadOnlyList<double> yTicks = yScale.Ticks();
        foreach (double tick in xTicks)
        {
            double x = plot.MapX(tick, xScale);
            Line(writer, x, plot.Bottom, x, plot.Bottom + 5);
        }

        foreach (double tick in yTicks)
        {
            double y = plot.MapY(tick, yScale);
            Line(writer, plot.Left - 5, y, plot.Left, y);
        }

        writer.WriteEndElement();

        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "tick-labels");
        writer.WriteAttributeString("fill", TextColor);
        IReadOnlyList<string> xLabels = TickFormatter.Format(xTicks, xScale.Step);
        for (int i = 0; i < xTicks.Count; i++)
        {
            Text(writer, "x-tick", plot.MapX(xTicks[i], xScale), plot.Bottom + 19, xLabels[i], "middle", null);
        }

        IReadOnlyList<string> yLabels = TickFormatter.Format(yTicks, yScale.Step);
        for (int i = 0; i < yTicks.Count; i++)
        {
            Text(writer, "y-tick", plot.Left - 9, plot.MapY(yTicks[i], yScale) + 4, yLabels[i], "end", null);
        }

        writer.WriteEndElement();

        Text(writer, "x-label", plot.Left + (plot.Width / 2), chart.Height - 14, chart.XLabel, "middle", TextColor);
        writer.WriteStartElement("text");
        writer.WriteAttributeString("class", "y-label");
        writer.WriteAttributeString("text-anchor", "middle");
        writer.WriteAttributeString("fill", TextColor);
        double yCenter = plot.Top + (plot.Height / 2);
        writer.WriteAttributeString("transform", string.Create(CultureInfo.InvariantCulture, $"translate(18,{yCenter:0.##}) rotate(-90)"));
        writer.WriteString(chart.YLabel);
        writer.WriteEndElement();
    }

    private static void WriteLegend(XmlWriter writer, IReadOnlyList<ChartSeries> series, double left, double top)
    {
        writer.WriteStartElement("g");
        writer.WriteAttributeString("class", "legend");
        double y = top + 8;
        for (int s = 0; s < series.Count; s++)
        {
            string color = Palette.ColorOf(s);
            writer.WriteStartElement("g");
            writer.WriteAttributeString("class", "legend-entry");
            if (series[s].HasBand)
            {
                writer.WriteStartElement("rect");
                Attr(writer, "x", left);
                Attr(writer, "y", y - 6);
                Attr(writer, "width", 24);
                Attr(writer, "height", 12);
                writer.WriteAttributeString("fill", color);
                Attr(writer, "fill-opacity", 0.18);
                writer.WriteEndElement();
            }

            writer.WriteStartElement("line");
            Attr(writer, "x1", left);
            Attr(writer, "y1", y);
            Attr(writer, "x2", left + 24);
            Attr(writer, "y2", y);
            writer.WriteAttributeString("stroke", color);
            Attr(writer, "stroke-width", 2);
            writer.WriteEndElement();
            Text(writer, "legend-label", left + 32, y + 4, series[s].Label, "start", TextColor);
            writer.WriteEndElement();
            y += 22;
        }

        if (series.Any(s => s.HasBand))
        {
            Text(writer, "legend-note", left, y + 2, "line: mean; band: min\u2013max", "start", MutedTextColor);
        }

        writer.WriteEndElement();
    }

    private static double LegendWidth(IReadOnlyList<ChartSeries> series)
    {
        int longest = series.Count == 0 ? 0 : series.Max(s => s.Label.Length);
        if (series.Any(s => s.HasBand))
        {
            longest = Math.Max(longest, "line: mean; band: min-max".Length - 4);
        }

        return Math.Clamp(32 + (longest * CharWidth) + 16, 120, 280);
    }

    private static void Text(XmlWriter writer, string cssClass, double x, double y, string text, string anchor, string? fill)
    {
        writer.WriteStartElement("text");
        writer.WriteAttributeString("class", cssClass);
        Attr(writer, "x", x);
        Attr(writer, "y", y);
        writer.WriteAttributeString("text-anchor", anchor);
        if (fill is not null)
        {
            writer.WriteAttributeString("fill", fill);
        }

        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private static void Line(XmlWriter writer, double x1, double y1, double x2, double y2)
    {
        writer.WriteStartElement("line");
        Attr(writer, "x1", x1);
        Attr(writer, "y1", y1);
        Attr(writer, "x2", x2);
        Attr(writer, "y2", y2);
        writer.WriteEndElement();
    }

    private static void Rect(XmlWriter writer, double x, double y, double width, double height)
    {
        writer.WriteStartElement("rect");
        Attr(writer, "x", x);
        Attr(writer, "y", y);
        Attr(writer, "width", width);
        Attr(writer, "height", height);
        writer.WriteEndElement();
    }

    private static void Attr(XmlWriter writer, string name, double value) =>
        writer.WriteAttributeString(name, value.ToString("0.##", CultureInfo.InvariantCulture));

    /// <summary>The plot rectangle in pixels and the mapping of data coordinates into it.</summary>
    private readonly record struct PlotArea(double Left, double Top, double Right, double Bottom)
    {
        public double Width => Right - Left;

        public double Height => Bottom - Top;

        public double MapX(double x, NiceScale scale) => Left + ((x - scale.Min) / (scale.Max - scale.Min) * Width);

        public double MapY(double y, NiceScale scale) => Bottom - ((y - scale.Min) / (scale.Max - scale.Min) * Height);
    }
}
