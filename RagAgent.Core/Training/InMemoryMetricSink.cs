namespace RagAgent.Core.Training;

/// <summary>An <see cref="IMetricSink"/> that keeps every point in memory, by key, in arrival order.</summary>
public sealed class InMemoryMetricSink : IMetricSink
{
    private readonly Dictionary<string, List<MetricPoint>> _series = new(StringComparer.Ordinal);

    /// <summary>Keys written so far.</summary>
    public IReadOnlyCollection<string> Keys => _series.Keys;

    /// <inheritdoc />
    public void Write(string key, double value, long step)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_series.TryGetValue(key, out List<MetricPoint>? points))
        {
            points = [];
            _series.Add(key, points);
        }

        points.Add(new MetricPoint(step, value));
    }

    /// <summary>Points recorded under <paramref name="key"/>, empty when none.</summary>
    public IReadOnlyList<MetricPoint> Get(string key) =>
        _series.TryGetValue(key, out List<MetricPoint>? points) ? points : [];
}

/// <summary>One recorded value.</summary>
/// <param name="Step">Env step.</param>
/// <param name="Value">The value.</param>
public readonly record struct MetricPoint(long Step, double Value);
