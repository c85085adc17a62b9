using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>
/// Truncates episodes after <see cref="MaxEpisodeSteps"/> steps: the step that reaches the limit without terminating
/// returns <c>Truncated = true</c> (a step that terminates keeps <c>Terminated = true, Truncated = false</c>, so it is
/// not bootstrapped). The wrapped spec's <see cref="EnvSpec.MaxEpisodeSteps"/> becomes the smaller of both limits.
/// </summary>
public sealed class TimeLimit : IEnvWrapper, ISnapshotEnv
{
    private const int SnapshotVersion = 1;
    private int _elapsedSteps;
    private bool _needsReset = true;

    /// <summary>Wraps <paramref name="env"/> with a step limit.</summary>
    /// <param name="env">The env to limit.</param>
    /// <param name="maxEpisodeSteps">Steps after which an episode is truncated (at least 1).</param>
    public TimeLimit(IEnv env, int maxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        Inner = env;
        MaxEpisodeSteps = maxEpisodeSteps;
        int limit = env.Spec.MaxEpisodeSteps is int inner ? Math.Min(inner, maxEpisodeSteps) : maxEpisodeSteps;
        Spec = env.Spec with { MaxEpisodeSteps = limit };
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>Steps after which this wrapper truncates an episode.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _elapsedSteps;

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        ResetResult reset = Inner.Reset(seed);
        _elapsedSteps = 0;
        _needsReset = false;
        return reset;
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        if (_needsReset)
        {
            throw new InvalidOperationException(
                $"TimeLimit({Spec.Id}): Step was called before Reset or after the episode ended; call Reset first.");
        }

        StepResult step = Inner.Step(action);
        _elapsedSteps++;
        if (!step.Terminated && !step.Truncated && _elapsedSteps >= MaxEpisodeSteps)
        {
            step = step with { Truncated = true };
        }

        _needsReset = step.Done;
        return step;
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => EnvSnapshot.Supports(Inner);

    /// <summary>Saves the elapsed steps and whether a reset is due, then the inner env's state.</summary>
    /// <exception cref="NotSupportedException">The inner env does not support snapshots.</exception>
    public void SaveState(BinaryWriter writer)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotWriter(writer, SnapshotTag, SnapshotVersion);
        snapshot.Write(_elapsedSteps);
        snapshot.Write(_needsReset);
        inner.SaveState(writer);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotReader(reader, SnapshotTag, SnapshotVersion);
        _elapsedSteps = snapshot.ReadInt32("elapsedSteps", 0, MaxEpisodeSteps);
        _needsReset = snapshot.ReadBoolean("needsReset");
        return inner.RestoreState(reader);
    }

    private string SnapshotTag => $"TimeLimit({Inner.Spec.Id})";

    private ISnapshotEnv RequireSnapshotInner() =>
        Inner as ISnapshotEnv is { SupportsSnapshots: true } inner
            ? inner
            : throw new NotSupportedException($"TimeLimit({Inner.Spec.Id}): the wrapped env ({Inner.GetType().Name}) does not support snapshots.");
}
