using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RagAgent.Hosting.Models;

namespace RagAgent.Hosting.Metrics;

/// <summary>
/// The server's metrics, written in the Prometheus text exposition format (version 0.0.4): requests by route,
/// method and status, request latency by route, and per policy version the forward-pass batch sizes, queue times
/// and compute times of the micro-batcher. Active versions are added by
/// the <c>/metrics</c> endpoint from the model store.
/// </summary>
public sealed class HostingMetrics
{
    private static readonly double[] LatencyBounds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    private readonly ConcurrentDictionary<(string Route, string Method, int Status), StrongBoxCounter> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Policy, int Version), BatchHistograms> _batches = new();

    /// <summary>Records one finished HTTP request.</summary>
    public void RecordRequest(string route, string method, int status, double seconds)
    {
        _requests.GetOrAdd((route, method, status), static _ => new StrongBoxCounter()).Increment();
        _latency.GetOrAdd(route, static _ => new Histogram(LatencyBounds)).Observe(seconds);
    }

    /// <summary>Records one forward pass of version <paramref name="version"/> of <paramref name="policy"/>.</summary>
    public void RecordBatch(string policy, int version, BatchTiming timing)
    {
        BatchHistograms h = _batches.GetOrAdd((policy, version), static _ => new BatchHistograms());
        h.Size.Observe(timing.Size);
        h.Queue.Observe(timing.QueueSeconds);
        h.Compute.Observe(timing.ComputeSeconds);
    }

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

        List<KeyValuePair<(string Policy, int Version), BatchHistograms>> batches =
            _batches.OrderBy(p => p.Key.Policy, StringComparer.Ordinal).ThenBy(p => p.Key.Version).ToList();
        WriteBatchMetric(text, batches, "ragagent_batch_size", "Observations per forward pass (micro-batching), by policy and version.", h => h.Size);
        WriteBatchMetric(text, batches, "ragagent_batch_queue_seconds",
            "Time the oldest observation of each forward pass waited in the micro-batcher's queue, by policy and version.", h => h.Queue);
        WriteBatchMetric(text, batches, "ragagent_batch_compute_seconds", "Time of each forward pass, by policy and version.", h => h.Compute);
    }

    private static void WriteBatchMetric(
        StringBuilder text, List<KeyValuePair<(string Policy, int Version), BatchHistograms>> batches, string name, string help,
        Func<BatchHistograms, Histogram> pick)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
        foreach (var ((policy, version), histograms) in batches)
        {
            pick(histograms).WriteTo(text, name, $"policy=\"{Escape(policy)}\",version=\"{version}\"");
        }
    }

    /// <summary>Escapes a label value (backslash, double quote, newline).</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private sealed class BatchHistograms
    {
        public Histogram Size { get; } = new(BatchBounds);

        public Histogram Queue { get; } = new(LatencyBounds);

        public Histogram Compute { get; } = new(LatencyBounds);
    }

    private sealed class StrongBoxCounter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
