namespace RagAgent.Core.Training;

/// <summary>Writes every update's metrics to an <see cref="IMetricSink"/> (see <see cref="UpdateMetrics.WriteTo"/>).</summary>
public sealed class MetricSinkCallback : ITrainingCallback
{
    private readonly IMetricSink _sink;

    /// <summary>Creates the callback over <paramref name="sink"/>.</summary>
    public MetricSinkCallback(IMetricSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        metrics.WriteTo(_sink);
        return true;
    }
}
