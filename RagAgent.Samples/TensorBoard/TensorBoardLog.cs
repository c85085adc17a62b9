using System.Globalization;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.TensorBoard;

/// <summary>
/// The TensorBoard log of a training run: a training callback that writes every <c>progress.csv</c> column of each
/// update as a scalar (tags from <see cref="ProgressColumns"/>, missing values left out) to an
/// <c>events.out.tfevents.*</c> file in the run directory, so <c>tensorboard --logdir runs</c> shows the runs live.
/// A resumed run adds a new file; a fresh run first removes event files left by a run it replaces.
/// </summary>
internal sealed class TensorBoardLog : IDisposable
{
    /// <summary>What every event file name starts with (TensorBoard looks for "tfevents").</summary>
    public const string FilePrefix = "events.out.tfevents.";

    private readonly TfRecordWriter _writer;
    private readonly List<(string Tag, float Value)> _scalars = new(ProgressColumns.All.Count);

    private TensorBoardLog(string path)
    {
        Path = path;
        _writer = new TfRecordWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        _writer.Write(EventEncoder.FileVersionEvent(Now()));
    }

    /// <summary>Path of the event file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the log of the run in <paramref name="directory"/>, or returns null when <paramref name="enabled"/> is false.
    /// Unless <paramref name="resume"/>, event files already in the directory (from a replaced run) are deleted first.
    /// </summary>
    public static TensorBoardLog? Open(string directory, bool enabled, bool resume)
    {
        if (!resume)
        {
            foreach (string stale in Directory.EnumerateFiles(directory, FilePrefix + "*"))
            {
                File.Delete(stale);
            }
        }

        if (!enabled)
        {
            return null;
        }

        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{FilePrefix}{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}");
        return new TensorBoardLog(System.IO.Path.Combine(directory, name));
    }

    /// <summary>Writes the scalars of <paramref name="row"/> at its step.</summary>
    public void Append(ProgressRow row)
    {
        _scalars.Clear();
        foreach (ProgressColumn column in ProgressColumns.All)
        {
            double value = column.Value(row);
            if (double.IsFinite(value))
            {
                _scalars.Add((column.Tag, (float)value));
            }
        }

        _writer.Write(EventEncoder.ScalarsEvent(Now(), row.Step, _scalars));
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
