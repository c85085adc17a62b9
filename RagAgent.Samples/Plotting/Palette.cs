using ScottPlot;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Colour-blind-safe series colours (the Okabe–Ito set, ordered for contrast on white; the pale yellow is left out).
/// </summary>
internal static class Palette
{
    private static readonly Color[] Colors = Color.FromHex(
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
    ]);

    /// <summary>Colour of series <paramref name="index"/>; repeats after the seventh.</summary>
    public static Color ColorOf(int index) => Colors[index % Colors.Length];

    /// <summary>Text colour of titles.</summary>
    public static Color Text { get; } = Color.FromHex("#222222");

    /// <summary>Text colour of subtitles and notes.</summary>
    public static Color MutedText { get; } = Color.FromHex("#666666");
}
