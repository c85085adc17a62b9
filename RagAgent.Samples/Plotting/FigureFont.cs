using ScottPlot;
using SkiaSharp;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// The font family of figures: the first installed of a few common sans-serif families. Skia's own default can be a
/// serif face (on Debian it is DejaVu Serif), so the family is chosen explicitly.
/// </summary>
internal static class FigureFont
{
    private static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans"];

    /// <summary>The family used for every text of a figure; <see cref="Fonts.Default"/> when none of the preferred ones is installed.</summary>
    public static string Family { get; } = Preferred.FirstOrDefault(IsInstalled) ?? Fonts.Default;

    /// <summary>True when a sans-serif family from the preferred list is installed.</summary>
    public static bool HasSans => Preferred.Any(IsInstalled);

    /// <summary>True when no font at all is installed: figures would then be drawn without any text.</summary>
    /// <remarks>Without fonts, Skia still lists one family, nameless and with an empty typeface of no glyphs.</remarks>
    public static bool NoneInstalled => SKTypeface.Default.GlyphCount == 0 && !SKFontManager.Default.FontFamilies.Any(f => f.Length > 0);

    /// <summary>Writes a one-line warning to <paramref name="error"/> when <see cref="NoneInstalled"/>.</summary>
    public static void WarnIfNoneInstalled(TextWriter error)
    {
        if (NoneInstalled)
        {
            error.WriteLine("ragagent: warning: no font is installed, so figures have no text; install one, for example 'apt-get install fonts-dejavu-core'.");
        }
    }

    private static bool IsInstalled(string family) =>
        string.Equals(Fonts.GetTypeface(family, bold: false, italic: false)?.FamilyName, family, StringComparison.OrdinalIgnoreCase);
}
