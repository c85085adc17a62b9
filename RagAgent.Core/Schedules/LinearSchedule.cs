namespace RagAgent.Core.Schedules;

/// <summary>
/// Linear annealing to zero over <paramref name="NumUpdates"/> updates (CleanRL's <c>anneal_lr</c>, SB3's
/// <c>lin_2.5e-4</c>): <c>value = frac · Initial</c> with <c>frac = 1 − (update − 1) / NumUpdates</c> in float32, so
/// update 1 uses the full value and the last update <c>1 / NumUpdates</c> of it. Updates past the end give 0.
/// </summary>
/// <param name="Initial">Value of update 1.</param>
/// <param name="NumUpdates">Total number of updates (<c>num_updates</c> = total steps / batch size).</param>
public sealed record LinearSchedule(float Initial, long NumUpdates) : ISchedule
{
    /// <summary>Total number of updates; at least 1.</summary>
    public long NumUpdates { get; } = NumUpdates >= 1
        ? NumUpdates
        : throw new ArgumentOutOfRangeException(nameof(NumUpdates), NumUpdates, "LinearSchedule.NumUpdates must be >= 1.");

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="update"/> is below 1.</exception>
    public float Value(int update)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(update, 1);
        float frac = 1f - ((update - 1) / (float)NumUpdates);
        return Math.Max(frac, 0f) * Initial;
    }
}
