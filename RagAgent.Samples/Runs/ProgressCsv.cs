using System.Globalization;

namespace RagAgent.Samples.Runs;

/// <summary>
/// The <c>progress.csv</c> format of a training run: a header line (exactly <see cref="Header"/>: the twelve columns of
/// the design contract, then <c>explained_variance</c> and <c>learning_rate</c>) and one row per PPO update, numbers in the invariant culture, an empty field for a missing value (NaN), so pandas and spreadsheets
/// read it as is.
/// </summary>
internal static class ProgressCsv
{
    /// <summary>The columns, in file order; the first <see cref="RequiredColumns"/> are the design contract.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "step", "episodes", "mean_return", "mean_length", "success_rate", "policy_loss", "value_loss", "entropy",
        "approx_kl", "clip_fraction", "sps", "wall_s", "explained_variance", "learning_rate",
    ];

    /// <summary>Columns every reader can rely on (the header of every progress.csv starts with them).</summary>
    public const int RequiredColumns = 12;

    /// <summary>The header line (without line break).</summary>
    public static string Header { get; } = string.Join(',', Columns);

    /// <summary>Formats <paramref name="row"/> as one CSV line (without line break).</summary>
    public static string FormatRow(ProgressRow row) => string.Join(
        ',',
        row.Step.ToString(CultureInfo.InvariantCulture),
        row.Episodes.ToString(CultureInfo.InvariantCulture),
        Number(row.MeanReturn),
        Number(row.MeanLength),
        Number(row.SuccessRate),
        Number(row.PolicyLoss),
        Number(row.ValueLoss),
        Number(row.Entropy),
        Number(row.ApproxKl),
        Number(row.ClipFraction),
        Number(row.Sps),
        Number(row.WallSeconds),
        Number(row.ExplainedVariance),
        Number(row.LearningRate));

    /// <summary>
    /// Reads every row of <paramref name="path"/>. Columns are found by name, so unknown columns are ignored and the
    /// optional ones read as NaN when absent; a missing required column or a malformed number throws an <see cref="InvalidDataException"/> naming the file, line and column.
    /// </summary>
    public static IReadOnlyList<ProgressRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"{path}: empty file, expected the header '{Header}'.");
        }

        string[] names = header.Split(',');
        int[] index = Columns.Select(c => Array.IndexOf(names, c)).ToArray();
        int missing = Array.IndexOf(index, -1);
        if (missing is >= 0 and < RequiredColumns)
        {
            throw new InvalidDataException($"{path}: column '{Columns[missing]}' is missing from the header '{header}'.");
        }

        var rows = new List<ProgressRow>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length < names.Length)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected {names.Length} fields, got {fields.Length}.");
            }

            double Field(int column) => index[column] < 0 ? double.NaN : Parse(fields[index[column]], path, lineNumber, Columns[column]);
            rows.Add(new ProgressRow(
                (long)Field(0), (long)Field(1), Field(2), Field(3), Field(4), Field(5), Field(6), Field(7), Field(8),
                Field(9), Field(10), Field(11), Field(12), Field(13)));
        }

        return rows;
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("G7", CultureInfo.InvariantCulture) : string.Empty;

    private static double Parse(string field, string path, int line, string column)
    {
        if (field.Length == 0)
        {
            return double.NaN;
        }

        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new InvalidDataException($"{path}:{line}: column '{column}' holds '{field}', which is not a number.");
        }

        return value;
    }
}
