using System.Text.Json;

namespace RagAgent.Samples.Runs;

/// <summary>
/// What <c>plot</c> needs to know about a run directory: its env, its seed, its other settings (flattened from
/// <c>config.json</c>, to tell runs of the same env apart) and its progress rows.
/// </summary>
/// <param name="Directory">The run directory.</param>
/// <param name="Env">Env id from <c>config.json</c>.</param>
/// <param name="Seed">Seed from <c>config.json</c>.</param>
/// <param name="Settings">Every other setting as <c>dotted.name → value text</c>, without seed, times and versions.</param>
/// <param name="Rows">The rows of <c>progress.csv</c>.</param>
internal sealed record RunSummary(
    string Directory,
    string Env,
    int Seed,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<ProgressRow> Rows)
{
    private static readonly HashSet<string> NotSettings = ["env", "seed", "created_utc", "library_version", "checkpoint", "plugins", "parallel", "tensorboard"];

    /// <summary>
    /// Reads <c>config.json</c> and <c>progress.csv</c> of <paramref name="directory"/>; throws an
    /// <see cref="InvalidDataException"/> naming the file when one is missing or malformed.
    /// </summary>
    public static RunSummary Load(string directory)
    {
        string configPath = Path.Combine(directory, RunFiles.Config);
        string progressPath = Path.Combine(directory, RunFiles.Progress);
        if (!File.Exists(configPath))
        {
            throw new InvalidDataException($"{directory}: no {RunFiles.Config}; is this a directory written by 'ragagent train'?");
        }

        if (!File.Exists(progressPath))
        {
            throw new InvalidDataException($"{directory}: no {RunFiles.Progress}; is this a directory written by 'ragagent train'?");
        }

        using JsonDocument config = ParseConfig(configPath);
        JsonElement root = config.RootElement;
        if (!root.TryGetProperty("env", out JsonElement env) || env.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{configPath}: missing the string property 'env'.");
        }

        if (!root.TryGetProperty("seed", out JsonElement seed) || !seed.TryGetInt32(out int seedValue))
        {
            throw new InvalidDataException($"{configPath}: missing the integer property 'seed'.");
        }

        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!NotSettings.Contains(property.Name))
            {
                Flatten(property.Name, property.Value, settings);
            }
        }

        return new RunSummary(directory, env.GetString()!, seedValue, settings, ProgressCsv.Read(progressPath));
    }

    private static JsonDocument ParseConfig(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    private static void Flatten(string prefix, JsonElement element, IDictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Flatten(prefix + "." + property.Name, property.Value, into);
                }

                break;
            case JsonValueKind.Array:
                into[prefix] = string.Join('-', element.EnumerateArray().Select(e => e.ToString()));
                break;
            case JsonValueKind.String:
                into[prefix] = element.GetString()!;
                break;
            default:
                into[prefix] = element.GetRawText();
                break;
        }
    }
}
