using System.Globalization;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Short tick labels: thousands as <c>50k</c>, millions as <c>1.2M</c>, with one shared number of decimals,
/// just enough to tell neighbouring ticks apart, and a true minus sign.
/// </summary>
internal static class TickFormatter
{
    /// <summary>Formats every tick of <paramref name="ticks"/> (spaced by <paramref name="step"/>) with one shared unit.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<double> ticks, double step)
    {
        double largest = ticks.Count == 0 ? 0 : ticks.Max(Math.Abs);
        (double unit, string suffix) = largest >= 1e9 ? (1e9, "G") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, string.Empty);
        int decimals = DecimalsFor(step / unit);
        return ticks.Select(t => FormatOne(t / unit, decimals, suffix)).ToArray();
    }

    private static int DecimalsFor(double scaledStep)
    {
        for (int decimals = 0; decimals < 10; decimals++)
        {
            double rounded = Math.Round(scaledStep, decimals);
            if (Math.Abs(rounded - scaledStep) <= Math.Abs(scaledStep) * 1e-6)
            {
                return decimals;
            }
        }

        return 10;
    }

    private static string FormatOne(double value, int decimals, string suffix)
    {
        double rounded = Math.Round(value, decimals);
        if (rounded == 0)
        {
            return "0";
        }

        string text = Math.Abs(rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (rounded < 0 ? "\u2212" : string.Empty) + text + suffix;
    }
}
