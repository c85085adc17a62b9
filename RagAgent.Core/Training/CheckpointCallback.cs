namespace RagAgent.Core.Training;

/// <summary>
/// Saves a resumable checkpoint (weights, optimizer state, trainer state) to <see cref="Path"/> every
/// <see cref="EverySteps"/> env steps, at the first update at or past each multiple. The file is replaced atomically.
/// </summary>
public sealed class CheckpointCallback : ITrainingCallback
{
    private ITrainingSession? _session;
    private long _nextStep;

    /// <summary>Creates the callback.</summary>
    /// <param name="path">Checkpoint file; <c>{step}</c> in it is replaced by the env step to keep one file per save.</param>
    /// <param name="everySteps">Period in env steps.</param>
    public CheckpointCallback(string path, long everySteps)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        Path = path;
        EverySteps = everySteps;
    }

    /// <summary>Target file (may contain <c>{step}</c>).</summary>
    public string Path { get; }

    /// <summary>Period in env steps.</summary>
    public long EverySteps { get; }

    /// <summary>Path of the last checkpoint written, or null.</summary>
    public string? LastSaved { get; private set; }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _nextStep = ((session.GlobalStep / EverySteps) + 1) * EverySteps;
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        if (_session is null)
        {
            throw new InvalidOperationException("CheckpointCallback.OnUpdate was called before OnTrainingStart.");
        }

        if (metrics.Step >= _nextStep)
        {
            _nextStep = ((metrics.Step / EverySteps) + 1) * EverySteps;
            string path = Path.Replace("{step}", metrics.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            CheckpointFile.Save(path, _session.CreateCheckpoint());
            LastSaved = path;
        }

        return true;
    }
}
