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
    public void Append(UpdateMetrics metrics) => Append(ProgressRow.From(metrics));

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();
}
