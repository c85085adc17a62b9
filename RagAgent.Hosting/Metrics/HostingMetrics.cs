using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace RagAgent.Hosting.Metrics;

/// <summary>
/// The server's metrics, written in the Prometheus text exposition format (version 0.0.4): requests by route,
/// method and status, request latency by route, forward-pass batch sizes by policy. Active versions are added by
/// the <c>/metrics</c> endpoint from the model store.
/// </summary>
public sealed class HostingMetrics
{
    private static readonly double[] LatencyBounds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    private readonly ConcurrentDictionary<(string Route, string Method, int Status), StrongBoxCounter> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _batchSizes = new(StringComparer.Ordinal);

    /// <summary>Records one finished HTTP request.</summary>
    public void RecordRequest(string route, string method, int status, double seconds)
    {
        _requests.GetOrAdd((route, method, status), static _ => new StrongBoxCounter()).Increment();
        _latency.GetOrAdd(route, static _ => new Histogram(LatencyBounds)).Observe(seconds);
    }

    /// <summary>Records the size of one forward pass of <paramref name="policy"/>.</summary>
    public void RecordBatch(string policy, int size) =>
        _batchSizes.GetOrAdd(policy, static _ => new Histogram(BatchBounds)).Observe(size);

    /// <summary>Appends every metric in the Prometheus text format.</summary>
    public void WriteTo(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append("# HELP ragagent_http_requests_total HTTP requests by route template, method and status code.\n");
        text.Append("# TYPE ragagent_http_requests_total counter\n");
        foreach (var ((route, method, status), counter) in _requests.OrderBy(p => p.Key.Route, StringComparer.Ordinal)
                     .ThenBy(p => p.Key.Method, StringComparer.Ordinal).ThenBy(p => p.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"ragagent_http_requests_total{{route=\"{Escape(route)}\",method=\"{Escape(method)}\",status=\"{status}\"}} {counter.Value}\n");
        }

        text.Append("# HELP ragagent_http_request_duration_seconds Time from the first middleware to the response, by route template.\n");
        text.Append("# TYPE ragagent_http_request_duration_seconds histogram\n");
        foreach (var (route, histogram) in _latency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.WriteTo(text, "ragagent_http_request_duration_seconds", $"route=\"{Escape(route)}\"");
        }

        text.Append("# HELP ragagent_batch_size Observations per forward pass (micro-batching), by policy.\n");
        text.Append("# TYPE ragagent_batch_size histogram\n");
        foreach (var (policy, histogram) in _batchSizes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.WriteTo(text, "ragagent_batch_size", $"policy=\"{Escape(policy)}\"");
        }
    }

    /// <summary>Escapes a label value (backslash, double quote, newline).</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private sealed class StrongBoxCounter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
