using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>
/// Sums the reward, counts the steps and remembers success over each episode, and puts the totals into
/// <see cref="EnvInfo.Episode"/> of the step that ends the episode (terminated or truncated). An episode counts
/// as a success when any of its steps reported <see cref="EnvInfo.IsSuccess"/>.
/// </summary>
public sealed class RecordEpisodeStatistics : IEnvWrapper, ISnapshotEnv
{
    private const int SnapshotVersion = 1;
    private double _return;
    private int _length;
    private bool _success;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    public RecordEpisodeStatistics(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Inner = env;
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec => Inner.Spec;

    /// <summary>Statistics of the last finished episode, or null before the first one ends.</summary>
    public EpisodeStatistics? LastEpisode { get; private set; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        ResetResult reset = Inner.Reset(seed);
        _return = 0;
        _length = 0;
        _success = false;
        return reset;
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult step = Inner.Step(action);
        _return += step.Reward;
        _length++;
        _success |= step.Info.IsSuccess;
        if (!step.Done)
        {
            return step;
        }

        var episode = new EpisodeStatistics((float)_return, _length, _success);
        LastEpisode = episode;
        return step with { Info = step.Info with { Episode = episode } };
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => EnvSnapshot.Supports(Inner);

    /// <summary>Saves the running return (float64), length and success, and the last episode's statistics, then the inner env's state.</summary>
    /// <exception cref="NotSupportedException">The inner env does not support snapshots.</exception>
    public void SaveState(BinaryWriter writer)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotWriter(writer, SnapshotTag, SnapshotVersion);
        snapshot.Write(_return);
        snapshot.Write(_length);
        snapshot.Write(_success);
        snapshot.Write(LastEpisode.HasValue);
        EpisodeStatistics last = LastEpisode.GetValueOrDefault();
        snapshot.Write(last.Return);
        snapshot.Write(last.Length);
        snapshot.Write(last.IsSuccess);
        inner.SaveState(writer);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotReader(reader, SnapshotTag, SnapshotVersion);
        _return = snapshot.ReadDouble("return");
        _length = snapshot.ReadInt32("length", 0);
        _success = snapshot.ReadBoolean("success");
        bool hasLast = snapshot.ReadBoolean("hasLastEpisode");
        var last = new EpisodeStatistics(
            snapshot.ReadSingle("lastEpisode.Return"), snapshot.ReadInt32("lastEpisode.Length", 0), snapshot.ReadBoolean("lastEpisode.IsSuccess"));
        LastEpisode = hasLast ? last : null;
        return inner.RestoreState(reader);
    }

    private string SnapshotTag => $"RecordEpisodeStatistics({Inner.Spec.Id})";

    private ISnapshotEnv RequireSnapshotInner() =>
        Inner as ISnapshotEnv is { SupportsSnapshots: true } inner
            ? inner
            : throw new NotSupportedException($"RecordEpisodeStatistics({Inner.Spec.Id}): the wrapped env ({Inner.GetType().Name}) does not support snapshots.");
}
