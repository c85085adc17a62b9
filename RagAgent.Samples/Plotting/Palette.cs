namespace RagAgent.Samples.Plotting;

/// <summary>
/// Colour-blind-safe series colours (the Okabe–Ito set, ordered for contrast on white; the pale yellow is left out).
/// </summary>
internal static class Palette
{
    private static readonly string[] Colors =
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
    ];

    /// <summary>Colour of series <paramref name="index"/>, as <c>#RRGGBB</c>; repeats after the seventh.</summary>
    public static string ColorOf(int index) => Colors[index % Colors.Length];
}
