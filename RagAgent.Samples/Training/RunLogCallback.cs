using RagAgent.Core.Training;
using RagAgent.Samples.Runs;
using RagAgent.Samples.TensorBoard;

namespace RagAgent.Samples.Training;

/// <summary>
/// The CLI's training callback: after each update it appends the update to <c>progress.csv</c> and the episodes
/// that finished during it to <c>episodes.csv</c> (success left empty for envs without a notion of success), refreshes
/// the progress display, writes the same row to the TensorBoard log when there is one, and asks the trainer to stop after the update once Ctrl+C or SIGTERM arrived.
/// </summary>
internal sealed class RunLogCallback : ITrainingCallback
{
    private readonly ProgressCsvWriter _progressCsv;
    private readonly EpisodeCsvWriter _episodesCsv;
    private readonly EpisodeRecorder _episodes;
    private readonly SuccessNotion _success;
    private readonly TensorBoardLog? _tensorboard;
    private readonly ITrainingProgress _progress;
    private readonly CancellationToken _cancellation;

    /// <summary>Creates the callback.</summary>
    public RunLogCallback(
        ProgressCsvWriter progressCsv,
        EpisodeCsvWriter episodesCsv,
        EpisodeRecorder episodes,
        SuccessNotion success,
        TensorBoardLog? tensorboard,
        ITrainingProgress progress,
        CancellationToken cancellation)
    {
        _tensorboard = tensorboard;
        _progressCsv = progressCsv;
        _episodesCsv = episodesCsv;
        _episodes = episodes;
        _success = success;
        _progress = progress;
        _cancellation = cancellation;
    }

    /// <summary>Metrics of the last update as logged (success rate NaN where undefined).</summary>
    public UpdateMetrics? Last { get; private set; }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        UpdateMetrics logged = metrics with { SuccessRate = _success.Filter(metrics.SuccessRate) };
        _progressCsv.Append(logged);
        _tensorboard?.Append(ProgressRow.From(logged));
        _episodesCsv.Append(_episodes.Pending, _success.IsDefined);
        _episodes.Drain();
        _progress.Report(logged);
        Last = logged;
        return !_cancellation.IsCancellationRequested;
    }
}
