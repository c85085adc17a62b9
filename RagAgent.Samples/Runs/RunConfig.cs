using System.Text.Json;
using System.Text.Json.Serialization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;

namespace RagAgent.Samples.Runs;

/// <summary>
/// A run's <c>config.json</c>: everything needed to repeat or resume it (env and its make options, seed, step
/// budget, every PPO hyperparameter, the policy architecture) plus the library version. Keys are snake_case like
/// the CSV columns.
/// </summary>
internal sealed record RunConfig
{
    /// <summary>The JSON layout of <c>config.json</c> and of <c>train --config</c> files: snake_case keys, kebab-case enums.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Default of <see cref="CheckpointEvery"/>: a few seconds to a minute of training on the built-in envs, a negligible cost.</summary>
    public const long DefaultCheckpointEvery = 100_000;

    /// <summary>Default of <see cref="EvalEpisodes"/>.</summary>
    public const int DefaultEvalEpisodes = 10;

    /// <summary>Registry id of the env.</summary>
    public required string Env { get; init; }

    /// <summary>Seed of the envs (copy i gets <c>seed + i</c>), the sampler, the shuffles and the weight init.</summary>
    public required int Seed { get; init; }

    /// <summary>Env steps to train for, summed over the copies.</summary>
    public required long Steps { get; init; }

    /// <summary>The PPO preset the hyperparameters started from.</summary>
    public required string Preset { get; init; }

    /// <summary>Every PPO hyperparameter as used.</summary>
    public required PpoOptions Ppo { get; init; }

    /// <summary>Architecture and sizes of the policy.</summary>
    public required PolicyOptions Policy { get; init; }

    /// <summary>Options the env copies were made with.</summary>
    public required EnvMakeOptions EnvOptions { get; init; }

    /// <summary>Full paths of the <c>--plugin</c> assemblies the env came from; eval and resume load them again.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>Stepped the env copies on several threads.</summary>
    public bool Parallel { get; init; }

    /// <summary>Save the resumable checkpoint every this many env steps (at the first update at or past each multiple); 0 saves it only at the end or on Ctrl+C / SIGTERM.</summary>
    public long CheckpointEvery { get; init; } = DefaultCheckpointEvery;

    /// <summary>Evaluate every this many env steps during training (<c>eval.csv</c>, <c>best.safetensors</c>); 0 turns it off.</summary>
    public long EvalEvery { get; init; }

    /// <summary>Episodes per evaluation during training.</summary>
    public int EvalEpisodes { get; init; } = DefaultEvalEpisodes;

    /// <summary>Writes TensorBoard event files (<c>events.out.tfevents.*</c>) next to <c>progress.csv</c>; absent in older configs, so true.</summary>
    [JsonPropertyName("tensorboard")]
    public bool TensorBoard { get; init; } = true;

    /// <summary>The engine the policy trains on; absent in older configs, so <c>managed</c>.</summary>
    public PolicyEngine Engine { get; init; } = PolicyEngine.Managed;

    /// <summary>The torch engine's device (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>); absent in older configs, so <c>cpu</c>. The managed engine ignores it (the CLI refuses <c>--device</c> with it).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>File name of the checkpoint inside the run directory.</summary>
    public string Checkpoint { get; init; } = RunFiles.Checkpoint;

    /// <summary>Version of RagAgent.Core that trained the run.</summary>
    public string LibraryVersion { get; init; } = typeof(PpoTrainer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>When the run was started, UTC, ISO 8601.</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Writes the config to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a config written by <see cref="Write"/>; throws an <see cref="InvalidDataException"/> naming the file when malformed.</summary>
    public static RunConfig Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty config.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a ragagent run config ({e.Message}).", e);
        }
    }
}
