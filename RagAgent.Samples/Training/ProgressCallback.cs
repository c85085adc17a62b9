using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Training;

/// <summary>
/// The CLI's training callback: appends each update to <c>progress.csv</c>, refreshes the progress display and asks
/// the trainer to stop after the current update once Ctrl+C was pressed.
/// </summary>
internal sealed class ProgressCallback : ITrainingCallback
{
    private readonly ProgressCsvWriter _csv;
    private readonly ITrainingProgress _progress;
    private readonly CancellationToken _cancellation;

    /// <summary>Creates the callback.</summary>
    public ProgressCallback(ProgressCsvWriter csv, ITrainingProgress progress, CancellationToken cancellation)
    {
        _csv = csv;
        _progress = progress;
        _cancellation = cancellation;
    }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        _csv.Append(metrics);
        _progress.Report(metrics);
        return !_cancellation.IsCancellationRequested;
    }
}
