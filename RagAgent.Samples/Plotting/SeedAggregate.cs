namespace RagAgent.Samples.Plotting;

/// <summary>
/// Mean and min–max band of several curves (one per seed) on a common x grid: the x values of the first curve, up to
/// the shortest curve's last x; the other curves are interpolated linearly between their finite points.
/// </summary>
internal static class SeedAggregate
{
    /// <summary>Aggregates <paramref name="curves"/> (each <c>(x ascending, y)</c>) into one series labelled <paramref name="label"/>.</summary>
    public static ChartSeries MeanWithBand(string label, IReadOnlyList<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> curves)
    {
        if (curves.Count == 0)
        {
            throw new ArgumentException("At least one curve is required.", nameof(curves));
        }

        if (curves.Count == 1)
        {
            return new ChartSeries(label, curves[0].X, curves[0].Y);
        }

        double end = curves.Min(c => LastFiniteX(c.X, c.Y));
        double[] grid = curves[0].X.Where(x => x <= end).ToArray();
        var mean = new double[grid.Length];
        var lower = new double[grid.Length];
        var upper = new double[grid.Length];
        for (int i = 0; i < grid.Length; i++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            int count = 0;
            foreach ((IReadOnlyList<double> x, IReadOnlyList<double> y) in curves)
            {
                double value = Interpolate(x, y, grid[i]);
                if (double.IsFinite(value))
                {
                    sum += value;
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                    count++;
                }
            }

            mean[i] = count == curves.Count ? sum / count : double.NaN;
            lower[i] = count == curves.Count ? min : double.NaN;
            upper[i] = count == curves.Count ? max : double.NaN;
        }

        return new ChartSeries(label, grid, mean, lower, upper);
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
