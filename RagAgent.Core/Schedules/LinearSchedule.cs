namespace RagAgent.Core.Schedules;

/// <summary>
/// Linear annealing to zero over <paramref name="NumUpdates"/> updates (CleanRL's <c>anneal_lr</c>):
/// <c>lr = frac · InitialLearningRate</c> with <c>frac = 1 − (update − 1) / NumUpdates</c>, so update 1 uses the full
/// rate and the last update <c>1 / NumUpdates</c> of it. Updates past the end give 0.
/// </summary>
/// <param name="InitialLearningRate">Learning rate of update 1.</param>
/// <param name="NumUpdates">Total number of updates (<c>num_updates</c> = total steps / batch size).</param>
public sealed record LinearSchedule(float InitialLearningRate, int NumUpdates) : ILearningRateSchedule
{
    /// <summary>Total number of updates; at least 1.</summary>
    public int NumUpdates { get; } = NumUpdates >= 1
        ? NumUpdates
        : throw new ArgumentOutOfRangeException(nameof(NumUpdates), NumUpdates, "LinearSchedule.NumUpdates must be >= 1.");

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="update"/> is below 1.</exception>
    public float LearningRate(int update)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(update, 1);

        double frac = 1.0 - ((update - 1.0) / NumUpdates);
        return (float)(Math.Max(frac, 0.0) * InitialLearningRate);
    }
}
