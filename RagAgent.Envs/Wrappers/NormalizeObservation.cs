using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>
/// Normalises the global features and the node feature columns to roughly zero mean and unit variance with
/// running statistics (<see cref="RunningMeanStd"/>): each observation first updates the statistics (unless
/// <see cref="IsFrozen"/>), then is returned as <c>clamp((x − μ) / √(σ² + ε), −clip, clip)</c>. Node feature
/// statistics are per column, over real nodes only; padding rows, task, goal features, node ids and masks are
/// passed through unchanged. The wrapped env's own observation is never modified.
/// </summary>
/// <remarks>
/// Freeze the statistics for evaluation, and copy them from the training env with <see cref="RunningMeanStd.CopyTo"/>.
/// Each wrapped copy of a vector env keeps its own statistics. While the statistics update, an observation depends on
/// the history of the wrapper and not only on the reset seed, so <c>EnvChecker</c> reports it as not deterministic;
/// freeze the statistics to check the wrapped env.
/// </remarks>
public sealed class NormalizeObservation : IEnvWrapper, ISnapshotEnv
{
    private const int SnapshotVersion = 1;

    private readonly NormalizeObservationOptions _options;
    private readonly Observation _observation;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    public NormalizeObservation(IEnv env, NormalizeObservationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        _options = options ?? new NormalizeObservationOptions();
        _options.Validate();
        Inner = env;
        _observation = new Observation(env.Spec);
        GlobalStatistics = new RunningMeanStd(env.Spec.GlobalFeatureSize);
        NodeFeatureStatistics = new RunningMeanStd(env.Spec.NodeFeatureSize);
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec => Inner.Spec;

    /// <summary>When true, observations are normalised with the current statistics without updating them.</summary>
    public bool IsFrozen { get; set; }

    /// <summary>Statistics of the global features, <c>[GlobalFeatureSize]</c>.</summary>
    public RunningMeanStd GlobalStatistics { get; }

    /// <summary>Statistics of the node feature columns, <c>[NodeFeatureSize]</c>.</summary>
    public RunningMeanStd NodeFeatureStatistics { get; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        ResetResult reset = Inner.Reset(seed);
        return reset with { Observation = Normalize(reset.Observation) };
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult step = Inner.Step(action);
        return step with { Observation = Normalize(step.Observation) };
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => EnvSnapshot.Supports(Inner);

    /// <summary>Saves both running statistics and the normalised observation (<see cref="IsFrozen"/> is configuration and is not saved), then the inner env's state.</summary>
    /// <exception cref="NotSupportedException">The inner env does not support snapshots.</exception>
    public void SaveState(BinaryWriter writer)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotWriter(writer, SnapshotTag, SnapshotVersion);
        GlobalStatistics.SaveState(snapshot);
        NodeFeatureStatistics.SaveState(snapshot);
        snapshot.Write(_observation);
        inner.SaveState(writer);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        ISnapshotEnv inner = RequireSnapshotInner();
        var snapshot = new SnapshotReader(reader, SnapshotTag, SnapshotVersion);
        GlobalStatistics.RestoreState(snapshot, nameof(GlobalStatistics));
        NodeFeatureStatistics.RestoreState(snapshot, nameof(NodeFeatureStatistics));
        snapshot.ReadObservation("observation", _observation);
        inner.RestoreState(reader);
        return _observation;
    }

    private string SnapshotTag => $"NormalizeObservation({Inner.Spec.Id})";

    private ISnapshotEnv RequireSnapshotInner() =>
        Inner as ISnapshotEnv is { SupportsSnapshots: true } inner
            ? inner
            : throw new NotSupportedException($"NormalizeObservation({Inner.Spec.Id}): the wrapped env ({Inner.GetType().Name}) does not support snapshots.");

    private Observation Normalize(Observation source)
    {
        source.CopyTo(_observation);
        int width = Spec.NodeFeatureSize;
        if (!IsFrozen)
        {
            GlobalStatistics.Update(source.Globals);
            for (int node = 0; node < source.NodeMask.Length && width > 0; node++)
            {
                if (source.NodeMask[node])
                {
                    NodeFeatureStatistics.Update(source.NodeFeatures.AsSpan(node * width, width));
                }
            }
        }

        GlobalStatistics.Normalize(source.Globals, _observation.Globals, _options.Clip, _options.Epsilon);
        for (int node = 0; node < source.NodeMask.Length && width > 0; node++)
        {
            if (source.NodeMask[node])
            {
                NodeFeatureStatistics.Normalize(
                    source.NodeFeatures.AsSpan(node * width, width), _observation.NodeFeatures.AsSpan(node * width, width),
                    _options.Clip, _options.Epsilon);
            }
        }

        return _observation;
    }
}
