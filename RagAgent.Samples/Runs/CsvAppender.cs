namespace RagAgent.Samples.Runs;

/// <summary>
/// Appends lines to one of a run's CSV logs, flushing after each batch so an interrupted run keeps every finished
/// row. A new or empty file gets the header; an existing file (a resumed run) must already start with it.
/// </summary>
internal sealed class CsvAppender : IDisposable
{
    private readonly StreamWriter _writer;

    /// <summary>Opens <paramref name="path"/> for appending, writing <paramref name="header"/> when the file is new or empty.</summary>
    /// <exception cref="InvalidDataException">The file has another header.</exception>
    public CsvAppender(string path, string header)
    {
        bool hasContent = File.Exists(path) && new FileInfo(path).Length > 0;
        if (hasContent && File.ReadLines(path).FirstOrDefault() != header)
        {
            throw new InvalidDataException($"{path}: cannot append, its header is not '{header}'.");
        }

        _writer = new StreamWriter(path, append: true) { NewLine = "\n" };
        if (!hasContent)
        {
            _writer.WriteLine(header);
            _writer.Flush();
        }
    }

    /// <summary>Appends one line (without its line break); call <see cref="Flush"/> to put it on disk.</summary>
    public void WriteLine(string line) => _writer.WriteLine(line);

    /// <summary>Writes what was appended to disk.</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
