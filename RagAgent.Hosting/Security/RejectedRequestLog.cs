using RagAgent.Hosting.Logging;

namespace RagAgent.Hosting.Security;

/// <summary>
/// Sample-logs requests refused for want of a valid API key: at most one line per <see cref="Interval"/>, carrying
/// how many were refused since the previous line, so a flood of keyless requests cannot flood the log.
/// </summary>
public sealed class RejectedRequestLog(ILogger<RejectedRequestLog> logger)
{
    /// <summary>Shortest time between two lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _count;
    private long _nextLogMilliseconds;

    /// <summary>Counts one refused request; logs when the interval has passed since the last line.</summary>
    public void Record(string reason, string path)
    {
        Interlocked.Increment(ref _count);
        long now = Environment.TickCount64;
        long next = Interlocked.Read(ref _nextLogMilliseconds);
        if (now >= next && Interlocked.CompareExchange(ref _nextLogMilliseconds, now + (long)Interval.TotalMilliseconds, next) == next)
        {
            Log.RequestsRefused(logger, Interlocked.Exchange(ref _count, 0), Interval.TotalSeconds, reason, path);
        }
    }
}
