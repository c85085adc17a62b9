using System.Buffers.Binary;
using System.Xml.Linq;
using RagAgent.Samples.Plotting;
using SkiaSharp;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class FigureRendererTests
{
    private static Figure TwoPanels() => new()
    {
        Title = "graph-nav",
        Subtitle = "3 runs, seeds 1, 2, 3",
        Columns = 2,
        Panels =
        [
            new ChartPanel { Series = [new ChartSeries("graph-nav: mean of 2 seeds", [0, 10_000, 20_000], [0.2, 0.5, 0.9], [0.1, 0.4, 0.8], [0.3, 0.6, 1.0]) { BandLabel = "95% t-interval of the mean" }] },
            new ChartPanel { Title = "empty", Series = [] },
        ],
    };

    private static byte[] Render(Figure figure, FigureFormat format)
    {
        using var stream = new MemoryStream();
        FigureRenderer.Write(figure, stream, format);
        return stream.ToArray();
    }

    [Test]
    public void Png_HasTheSignatureAndOnePanelSizePerCellPlusTheHeader()
    {
        byte[] png = Render(TwoPanels(), FigureFormat.Png);

        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), Is.EqualTo(2 * 760), "IHDR width");
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), Is.EqualTo(64 + 400), "IHDR height");
    }

    [Test]
    public void Png_DrawsTheTitleAboveThePanelsAndTheSeriesInItsColour()
    {
        using SKBitmap bitmap = SKBitmap.Decode(Render(TwoPanels(), FigureFormat.Png));

        // The title is drawn after the panels, which clear their cells: dark pixels must remain in the header band.
        bool titleInk = Pixels(bitmap, 0, bitmap.Width, 0, 40).Any(c => c.Red < 100 && c.Green < 100 && c.Blue < 100);
        bool seriesInk = Pixels(bitmap, 0, 760, 64, bitmap.Height).Any(c => c.Red < 40 && c.Green is > 90 and < 140 && c.Blue > 150);
        Assert.That(titleInk, Is.True, "title pixels in the header");
        Assert.That(seriesInk, Is.True, "Okabe-Ito blue pixels in the first panel");
    }

    [Test]
    public void Svg_IsXmlWithTheTitleAndNoUnclippedBlackRectangle()
    {
        XDocument svg = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Render(TwoPanels(), FigureFormat.Svg)));

        Assert.That(svg.Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That((string?)svg.Root.Attribute("width"), Is.EqualTo("1520"));
        string[] texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.That(texts, Is.SupersetOf(new[] { "graph-nav", "3 runs, seeds 1, 2, 3", "no data yet" }));
        Assert.That(texts, Does.Contain("20k"), "k-suffixed step ticks");
        Assert.That(texts.Count(t => t == "0"), Is.EqualTo(2), "1-2-5 ticks from 0 on both axes of the panel with data; none on the empty one");

        // A rectangle with no fill is black in SVG; ScottPlot's canvas clear produces one, which must stay clipped to its panel.
        XElement[] unfilled = svg.Descendants().Where(e => e.Name.LocalName == "rect" && e.Attribute("fill") is null && e.Parent!.Name.LocalName != "clipPath").ToArray();
        Assert.That(unfilled.All(r => r.Ancestors().Any(a => a.Attribute("clip-path") is not null)), Is.True);
    }

    [Test]
    public void WriteFile_UnknownExtension_ThrowsNamingThePath()
    {
        Assert.That(() => FigureRenderer.WriteFile(TwoPanels(), "figure.jpg"), Throws.ArgumentException.With.Message.Contains("figure.jpg"));
    }

    [Test]
    public void FigureFont_FindsASansSerifFamily()
    {
        // CI installs fonts-dejavu-core when a machine has no fonts (.ci/run); without one, text falls back to a serif face.
        Assert.That(FigureFont.HasSans, Is.True, $"font family in use: {FigureFont.Family}");
        Assert.That(FigureFont.NoneInstalled, Is.False);
    }

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap, int left, int right, int top, int bottom)
    {
        for (int y = top; y < bottom; y++)
        {
            for (int x = left; x < right; x++)
            {
                yield return bitmap.GetPixel(x, y);
            }
        }
    }
}
