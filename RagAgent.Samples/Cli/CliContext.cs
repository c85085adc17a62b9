namespace RagAgent.Samples.Cli;

/// <summary>
/// What the commands write to and whether they may draw live terminal widgets; the process wires the real console,
/// tests pass string writers.
/// </summary>
/// <param name="Out">Standard output (results: tables, the eval JSON).</param>
/// <param name="Error">Standard error (usage errors, warnings).</param>
/// <param name="Interactive">True when output is a terminal: live progress display and coloured tables; false gives plain lines for logs and pipes.</param>
/// <param name="Cancellation">Signalled by Ctrl+C or SIGTERM; training stops between updates and saves its checkpoint.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool Interactive, CancellationToken Cancellation)
{
    /// <summary>Which signal cancelled <see cref="Cancellation"/>; Ctrl+C unless the process wiring says otherwise.</summary>
    public Func<StopSignal> StopReason { get; init; } = static () => StopSignal.Interrupt;
}
