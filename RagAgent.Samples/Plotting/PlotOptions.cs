using System.Globalization;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Plotting;

/// <summary>What a run figure shows: which <c>progress.csv</c> columns, against what, how smoothed, with which band.</summary>
internal sealed record PlotOptions
{
    /// <summary>The <c>progress.csv</c> columns to draw, one panel row each (names from <see cref="ProgressColumns"/>).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = ["mean_return"];

    /// <summary>The horizontal axis.</summary>
    public XAxisKind X { get; init; } = XAxisKind.Step;

    /// <summary>Window of the trailing moving average over progress rows (updates); 1 draws the raw values.</summary>
    public int Smooth { get; init; } = 1;

    /// <summary>Confidence level of the t-interval of the mean over seeds, in (0, 1).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (Metrics.Count == 0)
        {
            throw new ArgumentException("PlotOptions.Metrics must name at least one progress.csv column.", nameof(Metrics));
        }

        foreach (string metric in Metrics)
        {
            if (ProgressColumns.Find(metric) is null)
            {
                throw new ArgumentException(
                    $"PlotOptions.Metrics: '{metric}' is not a progress.csv column; expected a comma-separated list of {string.Join(", ", ProgressColumns.All.Select(c => c.Name))}.",
                    nameof(Metrics));
            }
        }

        if (Metrics.Distinct().Count() != Metrics.Count)
        {
            throw new ArgumentException("PlotOptions.Metrics names a column twice.", nameof(Metrics));
        }

        if (Smooth < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"PlotOptions.Smooth must be >= 1 (1 = no smoothing), got {Smooth}."), nameof(Smooth));
        }

        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"PlotOptions.Confidence must be in (0, 1), for example 0.95, got {Confidence}."), nameof(Confidence));
        }
    }
}
