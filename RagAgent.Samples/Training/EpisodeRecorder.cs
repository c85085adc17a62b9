using System.Diagnostics;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Vector;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Training;

/// <summary>
/// A pass-through vector env that notes every episode its copies finish (from the episode statistics the registry's
/// <c>RecordEpisodeStatistics</c> wrapper puts in the step infos) for <c>episodes.csv</c>. Snapshots pass through, so
/// the trainer keeps restoring envs by snapshot; the counters are set from the checkpoint's step, and episodes the
/// trainer replays on a resume (envs without snapshots) are not noted twice.
/// </summary>
internal sealed class EpisodeRecorder : ISnapshotVectorEnv
{
    private readonly IVectorEnv _inner;
    private readonly long _recordedUpTo;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly List<EpisodeRow> _pending = [];
    private long _step;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The training vector env.</param>
    /// <param name="recordedUpTo">Step of the checkpoint resumed from (0 for a new run): episodes ending at or before it are already in the log.</param>
    public EpisodeRecorder(IVectorEnv inner, long recordedUpTo)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _recordedUpTo = recordedUpTo;
    }

    /// <summary>Wall seconds of the run before this session, added to the episodes' <c>wall_s</c>.</summary>
    public double WallOffset { get; set; }

    /// <inheritdoc />
    public EnvSpec Spec => _inner.Spec;

    /// <inheritdoc />
    public int NumEnvs => _inner.NumEnvs;

    /// <inheritdoc />
    public bool SupportsSnapshots => _inner is ISnapshotVectorEnv { SupportsSnapshots: true };

    /// <summary>Episodes finished since the last <see cref="Drain"/>.</summary>
    public IReadOnlyList<EpisodeRow> Pending => _pending;

    /// <summary>Forgets the pending episodes (after they were written).</summary>
    public void Drain() => _pending.Clear();

    /// <inheritdoc />
    public VectorStepResult Reset(int? seed = null)
    {
        _step = 0;
        return _inner.Reset(seed);
    }

    /// <inheritdoc />
    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        VectorStepResult result = _inner.Step(actions);
        _step += _inner.NumEnvs;
        if (_step <= _recordedUpTo)
        {
            return result;
        }

        for (int i = 0; i < result.Infos.Length; i++)
        {
            if (result.Done(i) && result.Infos[i].Episode is EpisodeStatistics episode)
            {
                double wall = WallOffset + Stopwatch.GetElapsedTime(_start).TotalSeconds;
                _pending.Add(new EpisodeRow(_step, i, episode.Return, episode.Length, episode.IsSuccess, result.FinalObservations.TaskIds[i], wall));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => Snapshots().SaveState(writer);

    /// <inheritdoc />
    public VectorStepResult RestoreState(BinaryReader reader)
    {
        VectorStepResult result = Snapshots().RestoreState(reader);
        _step = _recordedUpTo;
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();

    private ISnapshotVectorEnv Snapshots() => _inner as ISnapshotVectorEnv
        ?? throw new NotSupportedException($"The vector env of '{_inner.Spec.Id}' does not support snapshots.");
}
