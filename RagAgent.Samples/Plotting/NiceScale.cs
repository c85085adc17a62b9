namespace RagAgent.Samples.Plotting;

/// <summary>
/// Axis ticks at "nice" steps (1, 2 or 5 times a power of ten) covering a data range, with the axis bounds rounded
/// out to whole steps.
/// </summary>
/// <param name="Min">Lower axis bound (a multiple of <paramref name="Step"/>).</param>
/// <param name="Max">Upper axis bound (a multiple of <paramref name="Step"/>).</param>
/// <param name="Step">Distance between ticks.</param>
internal readonly record struct NiceScale(double Min, double Max, double Step)
{
    /// <summary>
    /// Chooses the nice step that gives about <paramref name="targetTicks"/> ticks over
    /// [<paramref name="dataMin"/>, <paramref name="dataMax"/>]; a degenerate range is widened around its value.
    /// </summary>
    public static NiceScale For(double dataMin, double dataMax, int targetTicks = 6)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax))
        {
            return new NiceScale(0, 1, 0.2);
        }

        if (dataMax < dataMin)
        {
            (dataMin, dataMax) = (dataMax, dataMin);
        }

        if (dataMax - dataMin < 1e-12 * Math.Max(1, Math.Abs(dataMax)))
        {
            double pad = dataMax == 0 ? 1 : Math.Abs(dataMax) * 0.1;
            dataMin -= pad;
            dataMax += pad;
        }

        double step = NiceStep((dataMax - dataMin) / Math.Max(1, targetTicks - 1));
        double min = Math.Floor((dataMin / step) + 1e-9) * step;
        double max = Math.Ceiling((dataMax / step) - 1e-9) * step;
        return new NiceScale(min, max, step);
    }

    /// <summary>
    /// Like <see cref="For"/> but the axis ends exactly at the data (no empty stretch after the last point); ticks stay at
    /// nice multiples of the step inside the range. Used for the step axis of training curves.
    /// </summary>
    public static NiceScale Tight(double dataMin, double dataMax, int targetTicks = 6)
    {
        NiceScale rounded = For(dataMin, dataMax, targetTicks);
        return dataMax > dataMin ? rounded with { Min = dataMin, Max = dataMax } : rounded;
    }

    /// <summary>The step among 1, 2, 5 (times a power of ten) nearest to <paramref name="roughStep"/> (Heckbert's rounding).</summary>
    public static double NiceStep(double roughStep)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(roughStep)));
        double fraction = roughStep / magnitude;
        double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>Tick positions: the multiples of <see cref="Step"/> from <see cref="Min"/> to <see cref="Max"/> inclusive.</summary>
    public IReadOnlyList<double> Ticks()
    {
        double first = Math.Ceiling((Min / Step) - 1e-9);
        int count = (int)Math.Floor((Max / Step) + 1e-9 - first) + 1;
        var ticks = new double[Math.Max(count, 0)];
        for (int i = 0; i < ticks.Length; i++)
        {
            // Computed from the index (not accumulated) so 0.1 + 0.2 drift never shows up in labels.
            double tick = (first + i) * Step;
            ticks[i] = Math.Abs(tick) < Step * 1e-9 ? 0 : tick;
        }

        return ticks;
    }
}
