using RagAgent.Core.Training;

namespace RagAgent.Samples.Runs;

/// <summary>
/// Appends rows to a run's <c>progress.csv</c>, flushing each one so an interrupted run keeps every finished update.
/// A new or empty file gets the header; an existing file (a resumed run) must already start with it.
/// </summary>
internal sealed class ProgressCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    /// <summary>Opens <paramref name="path"/> for appending, writing the header when the file is new or empty.</summary>
    public ProgressCsvWriter(string path)
    {
        bool hasContent = File.Exists(path) && new FileInfo(path).Length > 0;
        if (hasContent)
        {
            string? header = File.ReadLines(path).FirstOrDefault();
            if (header != ProgressCsv.Header)
            {
                throw new InvalidDataException($"{path}: cannot append, its header is not '{ProgressCsv.Header}'.");
            }
        }

        _writer = new StreamWriter(path, append: true) { NewLine = "\n" };
        if (!hasContent)
        {
            _writer.WriteLine(ProgressCsv.Header);
            _writer.Flush();
        }
    }

    /// <summary>Appends one row and flushes it to disk.</summary>
    public void Append(ProgressRow row)
    {
        _writer.WriteLine(ProgressCsv.FormatRow(row));
        _writer.Flush();
    }

    /// <summary>Appends the row of one PPO update and flushes it to disk.</summary>
    public void Append(UpdateMetrics metrics) => Append(ProgressRow.From(metrics));

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
