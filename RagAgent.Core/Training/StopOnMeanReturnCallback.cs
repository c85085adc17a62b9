namespace RagAgent.Core.Training;

/// <summary>Stops training once the windowed mean episode return reaches <see cref="Threshold"/>
/// (SB3's <c>StopTrainingOnRewardThreshold</c>, on training episodes).</summary>
public sealed class StopOnMeanReturnCallback : ITrainingCallback
{
    /// <summary>Creates the callback.</summary>
    /// <param name="threshold">Mean return at which to stop.</param>
    /// <param name="minEpisodes">Episodes that must have finished before the mean counts.</param>
    public StopOnMeanReturnCallback(float threshold, long minEpisodes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpisodes, 1);
        Threshold = threshold;
        MinEpisodes = minEpisodes;
    }

    /// <summary>Mean return at which training stops.</summary>
    public float Threshold { get; }

    /// <summary>Episodes required before stopping.</summary>
    public long MinEpisodes { get; }

    /// <summary>Env step at which the threshold was reached, or null.</summary>
    public long? ReachedAtStep { get; private set; }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        if (metrics.Episodes >= MinEpisodes && metrics.MeanReturn >= Threshold)
        {
            ReachedAtStep = metrics.Step;
            return false;
        }

        return true;
    }
}
