using RagAgent.Core.Training;

namespace RagAgent.Samples.Runs;

/// <summary>
/// Appends rows to a run's <c>progress.csv</c>, flushing each one so an interrupted run keeps every finished update.
/// A new or empty file gets the header; an existing file (a resumed run) must already start with it.
/// </summary>
internal sealed class ProgressCsvWriter : IDisposable
{
    private readonly CsvAppender _csv;

    /// <summary>Opens <paramref name="path"/> for appending, writing the header when the file is new or empty.</summary>
    public ProgressCsvWriter(string path) => _csv = new CsvAppender(path, ProgressCsv.Header);

    /// <summary>Appends one row and flushes it to disk.</summary>
    public void Append(ProgressRow row)
    {
        _csv.WriteLine(ProgressCsv.FormatRow(row));
        _csv.Flush();
    }

    /// <summary>Appends the row of one PPO update and flushes it to disk.</summary>
    public void Append(UpdateMetrics metrics) => Append(new ProgressRow(
        metrics.Step, metrics.Episodes, metrics.MeanReturn, metrics.MeanLength, metrics.SuccessRate, metrics.PolicyLoss,
        metrics.ValueLoss, metrics.Entropy, metrics.ApproxKl, metrics.ClipFraction, metrics.Sps, metrics.WallSeconds,
        metrics.ExplainedVariance, metrics.LearningRate));

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();
}
