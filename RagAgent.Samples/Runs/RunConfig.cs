using System.Text.Json;
using System.Text.Json.Serialization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Envs.Registry;

namespace RagAgent.Samples.Runs;

/// <summary>
/// A run's <c>config.json</c>: everything needed to repeat or resume it (env and its make options, seed, step
/// budget, every PPO hyperparameter, the policy architecture) plus the library version. Keys are snake_case like
/// the CSV columns.
/// </summary>
internal sealed record RunConfig
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

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

    /// <summary>Writes TensorBoard event files (<c>events.out.tfevents.*</c>) next to <c>progress.csv</c>; absent in older configs, so true.</summary>
    [JsonPropertyName("tensorboard")]
    public bool TensorBoard { get; init; } = true;

    /// <summary>File name of the checkpoint inside the run directory.</summary>
    public string Checkpoint { get; init; } = RunFiles.Checkpoint;

    /// <summary>Version of RagAgent.Core that trained the run.</summary>
    public string LibraryVersion { get; init; } = typeof(PpoTrainer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>When the run was started, UTC, ISO 8601.</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Writes the config to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

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
