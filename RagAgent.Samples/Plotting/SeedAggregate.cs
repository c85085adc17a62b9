using System.Globalization;
using MathNet.Numerics.Distributions;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Mean and confidence band of several curves (one per seed) on a common x grid: the x values of the first curve, up
/// to the shortest curve's last x; the other curves are interpolated linearly between their finite points. The band is
/// the Student t-interval of the mean at each x: mean ± t(level, n−1) · s / √n, with s the sample standard deviation
/// over the n seeds.
/// </summary>
internal static class SeedAggregate
{
    /// <summary>
    /// Aggregates <paramref name="curves"/> (each <c>(x ascending, y)</c>) into one series labelled
    /// <paramref name="label"/>, with a <paramref name="confidence"/> t-interval band when there are several curves.
    /// </summary>
    public static ChartSeries MeanWithBand(string label, IReadOnlyList<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> curves, double confidence = 0.95)
    {
        if (curves.Count == 0)
        {
            throw new ArgumentException("At least one curve is required.", nameof(curves));
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be in (0, 1).");
        }

        if (curves.Count == 1)
        {
            return new ChartSeries(label, curves[0].X, curves[0].Y);
        }

        int n = curves.Count;
        double t = StudentT.InvCDF(0, 1, n - 1, (1 + confidence) / 2);
        double end = curves.Min(c => LastFiniteX(c.X, c.Y));
        double[] grid = curves[0].X.Where(x => x <= end).ToArray();
        var mean = new double[grid.Length];
        var lower = new double[grid.Length];
        var upper = new double[grid.Length];
        var values = new double[n];
        for (int i = 0; i < grid.Length; i++)
        {
            bool complete = true;
            for (int c = 0; c < n; c++)
            {
                values[c] = Interpolate(curves[c].X, curves[c].Y, grid[i]);
                complete &= double.IsFinite(values[c]);
            }

            if (!complete)
            {
                mean[i] = lower[i] = upper[i] = double.NaN;
                continue;
            }

            double average = values.Average();
            double sumOfSquares = values.Sum(v => (v - average) * (v - average));
            double halfWidth = t * Math.Sqrt(sumOfSquares / (n - 1) / n);
            mean[i] = average;
            lower[i] = average - halfWidth;
            upper[i] = average + halfWidth;
        }

        string level = (confidence * 100).ToString("0.#", CultureInfo.InvariantCulture);
        return new ChartSeries(label, grid, mean, lower, upper) { BandLabel = $"{level}% t-interval of the mean" };
    }

    /// <summary>
    /// Value of the curve at <paramref name="at"/>, interpolated linearly between the nearest finite points on either
    /// side; NaN outside the finite points' range.
    /// </summary>
    public static double Interpolate(IReadOnlyList<double> x, IReadOnlyList<double> y, double at)
    {
        int before = -1;
        for (int i = 0; i < x.Count && x[i] <= at; i++)
        {
            if (double.IsFinite(y[i]))
            {
                before = i;
            }
        }

        if (before < 0)
        {
            return double.NaN;
        }

        if (x[before] == at)
        {
            return y[before];
        }

        for (int after = before + 1; after < x.Count; after++)
        {
            if (double.IsFinite(y[after]))
            {
                double t = (at - x[before]) / (x[after] - x[before]);
                return y[before] + (t * (y[after] - y[before]));
            }
        }

        return double.NaN;
    }

    private static double LastFiniteX(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        for (int i = x.Count - 1; i >= 0; i--)
        {
            if (double.IsFinite(y[i]))
            {
                return x[i];
            }
        }

        return double.NegativeInfinity;
    }
}
