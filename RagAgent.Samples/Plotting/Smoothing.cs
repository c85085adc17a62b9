namespace RagAgent.Samples.Plotting;

/// <summary>
/// Trailing moving average: point i becomes the mean of the finite values among points i-window+1 … i (fewer at the
/// start), like pandas' <c>rolling(window, min_periods=1).mean()</c>. It never looks ahead, so a curve is not shifted
/// by later results; a point whose own value is missing stays missing.
/// </summary>
internal static class Smoothing
{
    /// <summary>Smooths <paramref name="y"/> (<c>[points]</c>) with a window of <paramref name="window"/> points (1 returns a copy).</summary>
    public static double[] TrailingMean(IReadOnlyList<double> y, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var smoothed = new double[y.Count];
        for (int i = 0; i < y.Count; i++)
        {
            if (!double.IsFinite(y[i]))
            {
                smoothed[i] = double.NaN;
                continue;
            }

            // Summed afresh for every point (no running sum), so window 1 returns the values exactly.
            double sum = 0;
            int count = 0;
            for (int j = Math.Max(0, i - window + 1); j <= i; j++)
            {
                if (double.IsFinite(y[j]))
                {
                    sum += y[j];
                    count++;
                }
            }

            smoothed[i] = sum / count;
        }

        return smoothed;
    }
}
