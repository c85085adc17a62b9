using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RagAgent.Samples.Cli;

namespace RagAgent.Samples.Runs;

/// <summary>
/// A hyperparameter file for <c>train --config FILE</c>: JSON with the keys of a run's <c>config.json</c>, any subset
/// of them, so a run's own <c>config.json</c> repeats it. Sections (<c>ppo</c>, <c>policy</c>, <c>env_options</c>) are laid over
/// the preset's values; options given on the command line are laid over the file. An unknown key is an error naming it;
/// <c>checkpoint</c>, <c>library_version</c> and <c>created_utc</c> describe the run that wrote the file and are ignored.
/// </summary>
internal sealed record ConfigFile
{
    /// <summary>Largest file read, in bytes (a config is a few kilobytes).</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly JsonSerializerOptions Strict = new(RunConfig.Json) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary><c>env</c>.</summary>
    public string? Env { get; init; }

    /// <summary><c>seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary><c>steps</c>.</summary>
    public long? Steps { get; init; }

    /// <summary><c>preset</c>.</summary>
    public string? Preset { get; init; }

    /// <summary><c>ppo</c>: PpoOptions keys in snake_case.</summary>
    public JsonObject? Ppo { get; init; }

    /// <summary><c>policy</c>: PolicyOptions keys.</summary>
    public JsonObject? Policy { get; init; }

    /// <summary><c>env_options</c>: EnvMakeOptions keys.</summary>
    public JsonObject? EnvOptions { get; init; }

    /// <summary><c>plugins</c>.</summary>
    public IReadOnlyList<string>? Plugins { get; init; }

    /// <summary><c>parallel</c>.</summary>
    public bool? Parallel { get; init; }

    /// <summary><c>tensorboard</c>.</summary>
    [JsonPropertyName("tensorboard")]
    public bool? TensorBoard { get; init; }

    /// <summary><c>checkpoint_every</c>.</summary>
    public long? CheckpointEvery { get; init; }

    /// <summary><c>eval_every</c>.</summary>
    public long? EvalEvery { get; init; }

    /// <summary><c>eval_episodes</c>.</summary>
    public int? EvalEpisodes { get; init; }

    /// <summary><c>engine</c>: <c>managed</c> or <c>torch</c>.</summary>
    public PolicyEngine? Engine { get; init; }

    /// <summary><c>device</c> of the torch engine: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string? Device { get; init; }

    /// <summary>Written by <c>train</c>; ignored.</summary>
    public JsonElement? Checkpoint { get; init; }

    /// <summary>Written by <c>train</c>; ignored.</summary>
    public JsonElement? LibraryVersion { get; init; }

    /// <summary>Written by <c>train</c>; ignored.</summary>
    public JsonElement? CreatedUtc { get; init; }

    /// <summary>Reads <paramref name="path"/>; a missing, oversized or malformed file is a <see cref="UsageException"/> for <c>--config</c>.</summary>
    public static ConfigFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException("--config", $"'{path}' does not exist.");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new UsageException("--config", $"'{path}' is larger than {MaxBytes} bytes; expected a JSON object of run settings.");
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), Strict)
                ?? throw new UsageException("--config", $"'{path}' holds null; expected a JSON object of run settings.");
        }
        catch (JsonException e)
        {
            throw new UsageException("--config", $"'{path}' is not a valid run config: {e.Message}", e);
        }
    }

    /// <summary>
    /// <paramref name="baseline"/> with the keys of <paramref name="layer"/> (a section of the file) laid over it;
    /// an unknown key or a value of the wrong type is a <see cref="UsageException"/> naming the section.
    /// </summary>
    public static T Overlay<T>(T baseline, JsonObject? layer, string section)
    {
        if (layer is null)
        {
            return baseline;
        }

        JsonObject merged = JsonSerializer.SerializeToNode(baseline, RunConfig.Json)!.AsObject();
        foreach ((string key, JsonNode? value) in layer)
        {
            merged[key] = value?.DeepClone();
        }

        try
        {
            return merged.Deserialize<T>(Strict) ?? baseline;
        }
        catch (JsonException e)
        {
            throw new UsageException("--config", $"section '{section}': {e.Message}", e);
        }
    }
}
