using System.Globalization;
using System.Text;

namespace RagAgent.Hosting.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds; lock-free observation.</summary>
public sealed class Histogram
{
    private readonly double[] _upperBounds;
    private readonly long[] _counts;
    private long _sumBits;
    private long _count;

    /// <summary>Creates a histogram over ascending <paramref name="upperBounds"/> (the +Inf bucket is implied).</summary>
    public Histogram(double[] upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        _upperBounds = upperBounds;
        _counts = new long[upperBounds.Length + 1];
    }

    /// <summary>Number of observations.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Sum of the observed values.</summary>
    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    /// <summary>Records one value.</summary>
    public void Observe(double value)
    {
        int bucket = 0;
        while (bucket < _upperBounds.Length && value > _upperBounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        long seen = Interlocked.Read(ref _sumBits);
        while (true)
        {
            long updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            long previous = Interlocked.CompareExchange(ref _sumBits, updated, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Appends the <c>_bucket</c>, <c>_sum</c> and <c>_count</c> lines; <paramref name="labels"/> is
    /// the rendered label list without braces (may be empty).</summary>
    public void WriteTo(StringBuilder text, string name, string labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        string prefix = labels.Length == 0 ? string.Empty : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            string le = i < _upperBounds.Length ? _upperBounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{le}\"}} {cumulative}\n");
        }

        string braces = labels.Length == 0 ? string.Empty : "{" + labels + "}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {Sum.ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {Count}\n");
    }
}
