namespace RagAgent.Samples.Training;

/// <summary>
/// Steps per second over the last few updates, for the ETA: a run's average rate includes the start-up (JIT,
/// first allocations) and overestimates the time left for most of a short run.
/// </summary>
internal sealed class RecentRate
{
    private readonly long[] _steps;
    private readonly double[] _seconds;
    private int _count;
    private int _next;

    /// <summary>Keeps the last <paramref name="window"/> samples (at least 2).</summary>
    public RecentRate(int window = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _steps = new long[window];
        _seconds = new double[window];
    }

    /// <summary>Adds the step count reached at <paramref name="seconds"/> of wall time.</summary>
    public void Add(long step, double seconds)
    {
        _steps[_next] = step;
        _seconds[_next] = seconds;
        _next = (_next + 1) % _steps.Length;
        _count = Math.Min(_count + 1, _steps.Length);
    }

    /// <summary>Steps per second between the oldest and the newest sample kept; NaN with fewer than two samples.</summary>
    public double StepsPerSecond
    {
        get
        {
            if (_count < 2)
            {
                return double.NaN;
            }

            int newest = (_next - 1 + _steps.Length) % _steps.Length;
            int oldest = (_next - _count + _steps.Length) % _steps.Length;
            double elapsed = _seconds[newest] - _seconds[oldest];
            return elapsed > 0 ? (_steps[newest] - _steps[oldest]) / elapsed : double.NaN;
        }
    }

    /// <summary>Seconds to reach <paramref name="target"/> from <paramref name="step"/> at the recent rate; NaN when unknown.</summary>
    public double SecondsLeft(long step, long target)
    {
        double rate = StepsPerSecond;
        return rate > 0 ? Math.Max(0, target - step) / rate : double.NaN;
    }
}
