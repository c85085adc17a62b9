namespace RagAgent.Samples.Plotting;

/// <summary>The image formats a figure is written in, chosen by the output file's extension.</summary>
internal enum FigureFormat
{
    /// <summary>A raster image (<c>.png</c>).</summary>
    Png,

    /// <summary>A vector image (<c>.svg</c>).</summary>
    Svg,
}

/// <summary>Maps file names to <see cref="FigureFormat"/>.</summary>
internal static class FigureFormats
{
    /// <summary>The extensions understood, for messages.</summary>
    public const string Known = ".png or .svg";

    /// <summary>The format of <paramref name="path"/> by its extension (case-insensitive), or null when it is neither.</summary>
    public static FigureFormat? FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => FigureFormat.Png,
        ".svg" => FigureFormat.Svg,
        _ => null,
    };
}
