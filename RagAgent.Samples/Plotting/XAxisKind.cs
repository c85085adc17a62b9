namespace RagAgent.Samples.Plotting;

/// <summary>What the horizontal axis of a run figure measures (<c>plot --x</c>).</summary>
internal enum XAxisKind
{
    /// <summary>Env steps summed over the env copies (the <c>step</c> column).</summary>
    Step,

    /// <summary>Wall-clock seconds of training (the <c>wall_s</c> column, added up over resumed sessions).</summary>
    Wall,
}
