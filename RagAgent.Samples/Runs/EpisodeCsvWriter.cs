using System.Globalization;

namespace RagAgent.Samples.Runs;

/// <summary>
/// Appends rows to a run's <c>episodes.csv</c> (like Stable-Baselines3's Monitor files, one file for all copies):
/// <c>step,env_index,return,length,success,task_id,wall_s</c>. <c>success</c> is 1 or 0, empty for an env without a
/// notion of success; <c>task_id</c> is empty for an env without tasks.
/// </summary>
internal sealed class EpisodeCsvWriter : IDisposable
{
    /// <summary>The header line.</summary>
    public const string Header = "step,env_index,return,length,success,task_id,wall_s";

    private readonly CsvAppender _csv;
    private readonly bool _hasTasks;

    /// <summary>Opens <paramref name="path"/> for appending, writing the header when the file is new or empty.</summary>
    /// <param name="path">The file.</param>
    /// <param name="hasTasks">The env has task ids worth writing.</param>
    public EpisodeCsvWriter(string path, bool hasTasks)
    {
        _csv = new CsvAppender(path, Header);
        _hasTasks = hasTasks;
    }

    /// <summary>Appends <paramref name="rows"/> and flushes them to disk.</summary>
    /// <param name="rows">Finished episodes.</param>
    /// <param name="successDefined">Write the success column (else leave it empty).</param>
    public void Append(IReadOnlyList<EpisodeRow> rows, bool successDefined)
    {
        foreach (EpisodeRow row in rows)
        {
            _csv.WriteLine(string.Join(
                ',',
                row.Step.ToString(CultureInfo.InvariantCulture),
                row.EnvIndex.ToString(CultureInfo.InvariantCulture),
                row.Return.ToString("G7", CultureInfo.InvariantCulture),
                row.Length.ToString(CultureInfo.InvariantCulture),
                successDefined ? (row.Success ? "1" : "0") : string.Empty,
                _hasTasks ? row.TaskId.ToString(CultureInfo.InvariantCulture) : string.Empty,
                row.WallSeconds.ToString("F3", CultureInfo.InvariantCulture)));
        }

        _csv.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();
}
