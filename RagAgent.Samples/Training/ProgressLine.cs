using System.Globalization;
using System.Text;

namespace RagAgent.Samples.Training;

/// <summary>
/// The one-line live display, <c>graph-nav ━━━━━━──── 42% 8.4k/20k 1.5k/s return 0.586 eta 0:05</c>, fitted to the
/// terminal width: the bar shrinks first, then the steps/s, the env name and the ETA are left out, so the line never
/// wraps (Spectre would otherwise break the numbers digit by digit on a narrow terminal).
/// </summary>
internal static class ProgressLine
{
    private const int MaxBar = 30;
    private const int MinBar = 5;

    /// <summary>Formats the line in at most <paramref name="width"/> characters.</summary>
    /// <param name="env">Env id.</param>
    /// <param name="step">Steps done.</param>
    /// <param name="total">Steps of the run.</param>
    /// <param name="sps">Recent steps per second (NaN when unknown).</param>
    /// <param name="meanReturn">Mean return of the recent episodes (NaN before the first).</param>
    /// <param name="etaSeconds">Seconds left (NaN when unknown).</param>
    /// <param name="width">Columns available.</param>
    public static string Format(string env, long step, long total, double sps, double meanReturn, double etaSeconds, int width)
    {
        double fraction = total > 0 ? Math.Clamp(step / (double)total, 0, 1) : 0;
        string percent = ((int)Math.Floor(fraction * 100)).ToString(CultureInfo.InvariantCulture) + "%";
        string steps = $"{ProgressText.Compact(step)}/{ProgressText.Compact(total)}";
        string rate = double.IsFinite(sps) ? $"{ProgressText.Compact(sps)}/s" : "-/s";
        string returns = $"return {ProgressText.Metric(meanReturn, "0.000")}";
        string eta = $"eta {ProgressText.Duration(etaSeconds)}";

        // Parts in display order; the optional ones are dropped in the order name, rate, eta until the line fits.
        string?[] parts = [env, null, percent, steps, rate, returns, eta];
        int[] dropOrder = [4, 0, 6];
        foreach (int drop in dropOrder.Prepend(-1))
        {
            if (drop >= 0)
            {
                parts[drop] = string.Empty;
            }

            int fixedWidth = parts.Where(p => !string.IsNullOrEmpty(p)).Sum(p => p!.Length + 1);
            int bar = Math.Min(MaxBar, width - fixedWidth);
            if (bar >= MinBar)
            {
                parts[1] = Bar(fraction, bar);
                return string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
            }
        }

        string bare = $"{percent} {steps} {returns}";
        return bare.Length <= width ? bare : bare[..Math.Max(0, width)];
    }

    private static string Bar(double fraction, int width)
    {
        int filled = (int)Math.Round(fraction * width);
        return new StringBuilder(width).Append('━', filled).Append('─', width - filled).ToString();
    }
}
