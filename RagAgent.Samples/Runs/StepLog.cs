using System.Globalization;
using RagAgent.Core.Training;

namespace RagAgent.Samples.Runs;

/// <summary>
/// The CSV logs of a run whose first column is the env step (<c>progress.csv</c>, <c>episodes.csv</c>,
/// <c>eval.csv</c>). A run killed after its last checkpoint has rows past it; resuming from the checkpoint first cuts
/// them (and any half-written last line), so the resumed run writes those rows again and the log equals an
/// uninterrupted run's.
/// </summary>
internal static class StepLog
{
    /// <summary>
    /// Keeps the header and the complete rows of <paramref name="path"/> whose step is at most <paramref name="step"/>;
    /// rewrites the file atomically when anything is cut. A missing file is left missing.
    /// </summary>
    /// <returns>The number of rows cut.</returns>
    public static int KeepUpTo(string path, long step)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        string text = File.ReadAllText(path);
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Length == 0)
        {
            return 0;
        }

        int fields = lines[0].Split(',').Length;
        var kept = new List<string> { lines[0] };
        int cut = 0;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            bool lastAndEmpty = i == lines.Length - 1 && line.Length == 0;
            if (lastAndEmpty)
            {
                continue;
            }

            bool complete = i < lines.Length - 1 || text.EndsWith('\n');
            string first = line.Split(',', 2)[0];
            if (complete && line.Split(',').Length == fields
                && long.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out long rowStep) && rowStep <= step)
            {
                kept.Add(line);
            }
            else
            {
                cut++;
            }
        }

        if (cut > 0)
        {
            AtomicFile.WriteAllText(path, string.Join('\n', kept) + "\n");
        }

        return cut;
    }
}
