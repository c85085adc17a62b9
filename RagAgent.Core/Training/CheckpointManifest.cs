using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Training;

/// <summary>
/// What a checkpoint says about itself: format, architecture, observation/action spec, env, training progress,
/// metrics, creation time and the SHA-256 of the weights. Stored as JSON in the safetensors <c>__metadata__</c>.
/// </summary>
public sealed record CheckpointManifest
{
    /// <summary>
    /// The format version this library writes: 2 (typed trainer and optimizer state, content hash over the whole
    /// file). Version 1 files (RagAgent 0.1.0) are still read.
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Format version of the file.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Version of RagAgent.Core that wrote the file.</summary>
    public string LibraryVersion { get; init; } = typeof(CheckpointManifest).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Architecture and sizes of the policy network.</summary>
    public required PolicyOptions Policy { get; init; }

    /// <summary>Observation and action spec the policy was trained on.</summary>
    public required EnvSpec Spec { get; init; }

    /// <summary>Registry name of the env the policy was trained on.</summary>
    public string EnvId => Spec.Id;

    /// <summary>Env steps of training behind these weights.</summary>
    public long TrainingSteps { get; init; }

    /// <summary>Training metrics at save time (for example <c>mean_return</c>), keyed like <c>progress.csv</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Creation time, UTC.</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Lower-case hex SHA-256 of the weight tensors (names, shapes and data, in file order).</summary>
    public string WeightsSha256 { get; init; } = string.Empty;
}
