using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>Multiplies every reward by a constant <see cref="Scale"/> (for example 0.01 for returns in the hundreds).</summary>
public sealed class ScaleReward : IEnvWrapper, ISnapshotEnv
{
    private const int SnapshotVersion = 1;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    /// <param name="env">The env whose rewards are scaled.</param>
    /// <param name="scale">Finite, non-zero factor.</param>
    public ScaleReward(IEnv env, float scale)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!float.IsFinite(scale) || scale == 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite and non-zero.");
        }

        Inner = env;
        Scale = scale;
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec => Inner.Spec;

    /// <summary>The reward factor.</summary>
    public float Scale { get; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null) => Inner.Reset(seed);

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult step = Inner.Step(action);
        return step with { Reward = step.Reward * Scale };
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => EnvSnapshot.Supports(Inner);

    /// <summary>Saves nothing of its own (the scale is configuration), then the inner env's state.</summary>
    /// <exception cref="NotSupportedException">The inner env does not support snapshots.</exception>
    public void SaveState(BinaryWriter writer)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotWriter(writer, SnapshotTag, SnapshotVersion);
        inner.SaveState(writer);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotReader(reader, SnapshotTag, SnapshotVersion);
        return inner.RestoreState(reader);
    }

    private string SnapshotTag => $"ScaleReward({Inner.Spec.Id})";

    private ISnapshotEnv RequireSnapshotInner() =>
        Inner as ISnapshotEnv is { SupportsSnapshots: true } inner
            ? inner
            : throw new NotSupportedException($"ScaleReward({Inner.Spec.Id}): the wrapped env ({Inner.GetType().Name}) does not support snapshots.");
}
