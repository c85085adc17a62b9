using System.Globalization;

namespace RagAgent.Samples.Training;

/// <summary>Number and duration formats shared by the live and the plain progress display.</summary>
internal static class ProgressText
{
    private const double SecondsPerDay = 86_400;

    /// <summary>Durations from this long on print as <c>&gt;99d</c>.</summary>
    private const double LongestShown = 100 * SecondsPerDay;

    /// <summary>
    /// <c>1:05</c>, <c>12:00:03</c>, <c>3d 04:00</c>, <c>&gt;99d</c> for anything longer, or <c>-</c> when unknown. Never
    /// throws, however large the value (a budget of 10^15 steps gives an ETA beyond <see cref="TimeSpan.MaxValue"/>).
    /// </summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            return "-";
        }

        if (seconds >= LongestShown)
        {
            return ">99d";
        }

        long total = (long)Math.Round(seconds);
        long days = total / (long)SecondsPerDay;
        long hours = total / 3600 % 24;
        long minutes = total / 60 % 60;
        long secs = total % 60;
        return days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{days}d {hours:00}:{minutes:00}")
            : total >= 3600
                ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{secs:00}")
                : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{secs:00}");
    }

    /// <summary><c>950</c>, <c>8.4k</c>, <c>1.25M</c>, <c>1.0E+15</c>: short step counts and rates.</summary>
    public static string Compact(double value) => value switch
    {
        >= 1e12 => value.ToString("0.0E+0", CultureInfo.InvariantCulture),
        >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
        >= 1_000_000 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A metric with <paramref name="format"/>, or <c>-</c> when NaN.</summary>
    public static string Metric(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}
