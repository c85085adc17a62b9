using System.Diagnostics;
using System.Diagnostics.Metrics;
using RagAgent.Hosting.Models;

namespace RagAgent.Hosting.Metrics;

/// <summary>
/// The server's own instruments on the <see cref="MeterName"/> meter (<see cref="System.Diagnostics.Metrics"/>), by
/// policy and version: forward-pass batch sizes, how long the oldest observation of each pass waited in the
/// micro-batcher's queue, and the pass's compute time; plus gauges of the active version and of the versions by status.
/// Requests are measured by ASP.NET Core itself (<c>http.server.request.duration</c>, whose labels are bounded: route
/// templates, known methods or <c>_OTHER</c>). OpenTelemetry exports both at <c>/metrics</c>.
/// </summary>
public sealed class HostingMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "RagAgent.Hosting";

    private static readonly double[] SecondsBounds =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly int[] BatchBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queue;
    private readonly Histogram<double> _compute;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HostingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _batchSize = Meter.CreateHistogram("ragagent.batch.size", "{observation}", "Observations per forward pass (micro-batching).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBounds });
        _queue = Meter.CreateHistogram("ragagent.batch.queue.duration", "s",
            "Time the oldest observation of each forward pass waited in the micro-batcher's queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBounds });
        _compute = Meter.CreateHistogram("ragagent.batch.compute.duration", "s", "Time of each forward pass.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBounds });
    }

    /// <summary>The meter (the model store adds its gauges to it).</summary>
    public Meter Meter { get; }

    /// <summary>Records one forward pass of version <paramref name="version"/> of <paramref name="policy"/>.</summary>
    public void RecordBatch(string policy, int version, BatchTiming timing)
    {
        var tags = new TagList { { "policy", policy }, { "version", version } };
        _batchSize.Record(timing.Size, tags);
        _queue.Record(timing.QueueSeconds, tags);
        _compute.Record(timing.ComputeSeconds, tags);
    }
}
