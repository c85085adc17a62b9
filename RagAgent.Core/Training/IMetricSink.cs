namespace RagAgent.Core.Training;

/// <summary>
/// Receives scalar metrics keyed like CleanRL's TensorBoard scalars (<c>losses/approx_kl</c>,
/// <c>charts/mean_return</c>) at an env step. Injected; never a static.
/// </summary>
public interface IMetricSink
{
    /// <summary>Records <paramref name="value"/> of <paramref name="key"/> at env step <paramref name="step"/>.</summary>
    void Write(string key, double value, long step);
}
