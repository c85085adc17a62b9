using System.Xml.Linq;
using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class SvgLineChartRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static LineChart TwoSeriesChart() => new()
    {
        Title = "graph-nav <ppo> & \"friends\"",
        Series =
        [
            new ChartSeries("a <b> & c", [0, 1000, 2000], [0, 1, double.NaN], [-0.5, 0.5, double.NaN], [0.5, 1.5, double.NaN]),
            new ChartSeries("second", [0, 1000, 2000], [1, 2, 3]),
        ],
    };

    [Test]
    public void Render_LabelsWithMarkup_IsWellFormedXmlWithEscapedText()
    {
        XDocument doc = XDocument.Parse(SvgLineChartRenderer.Render(TwoSeriesChart()));

        Assert.That(doc.Root!.Name, Is.EqualTo(Svg + "svg"));
        Assert.That(doc.Root.Element(Svg + "title")!.Value, Is.EqualTo("graph-nav <ppo> & \"friends\""));
        Assert.That(doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "x-label").Single().Value, Is.EqualTo("env steps"));
        Assert.That(doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-label").Single().Value, Is.EqualTo("episode return"));
    }

    [Test]
    public void Render_TwoSeriesOneBand_DrawsTwoLinesOneBandAndALegendEntryPerSeries()
    {
        XDocument doc = XDocument.Parse(SvgLineChartRenderer.Render(TwoSeriesChart()));

        string?[] lines = doc.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "line").Select(p => (string?)p.Attribute("data-series")).ToArray();
        string?[] bands = doc.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "band").Select(p => (string?)p.Attribute("data-series")).ToArray();
        string[] legend = doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-label").Select(t => t.Value).ToArray();

        Assert.That(lines, Is.EqualTo(new[] { "a <b> & c", "second" }));
        Assert.That(bands, Is.EqualTo(new[] { "a <b> & c" }));
        Assert.That(legend, Is.EqualTo(new[] { "a <b> & c", "second" }));
    }

    [Test]
    public void Render_NaNPoint_BreaksTheLineInsteadOfDrawingIt()
    {
        XDocument doc = XDocument.Parse(SvgLineChartRenderer.Render(TwoSeriesChart()));

        string d = doc.Descendants(Svg + "path").First(p => (string?)p.Attribute("class") == "line").Attribute("d")!.Value;

        Assert.That(d, Does.Not.Contain("NaN"));
        Assert.That(d.Split('L'), Has.Length.EqualTo(2), "two finite points: one move and one line segment");
    }

    [Test]
    public void Render_SingleSeriesWithoutBand_HasNoLegend()
    {
        var chart = new LineChart { Title = "one", Series = [new ChartSeries("only", [0, 1], [0, 1])] };

        XDocument doc = XDocument.Parse(SvgLineChartRenderer.Render(chart));

        Assert.That(doc.Descendants(Svg + "g").Any(g => (string?)g.Attribute("class") == "legend"), Is.False);
    }

    [Test]
    public void Render_NoSeries_SaysNoData()
    {
        XDocument doc = XDocument.Parse(SvgLineChartRenderer.Render(new LineChart { Title = "empty" }));

        Assert.That(doc.Descendants(Svg + "text").Any(t => t.Value == "no data yet"), Is.True);
    }

    [Test]
    public void Render_MismatchedSeriesLengths_ThrowsNamingY()
    {
        var chart = new LineChart { Series = [new ChartSeries("bad", [0, 1, 2], [0, 1])] };

        Assert.That(() => SvgLineChartRenderer.Render(chart), Throws.ArgumentException.With.Property("ParamName").EqualTo("Y"));
    }
}
