using System.Collections.Immutable;
using System.Text.Json;
using RagAgent.Core.Training;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Version labels of a policy (<c>stable</c> → 2, <c>canary</c> → 3) and the weighted traffic split of its
/// unpinned <c>:act</c> requests between labels, for canaries and A/B tests. Persisted atomically in
/// <c>STATE/&lt;policy&gt;/labels.json</c> and re-read at every scan, so replicas sharing the state follow.
/// </summary>
/// <param name="Labels">Label → version number.</param>
/// <param name="Traffic">Label → integer weight; empty: unpinned requests go to the active version.</param>
public sealed record TrafficRouting(ImmutableSortedDictionary<string, int> Labels, ImmutableSortedDictionary<string, int> Traffic)
{
    /// <summary>File name inside a policy's state folder.</summary>
    public const string FileName = "labels.json";

    /// <summary>No labels, no split.</summary>
    public static TrafficRouting Empty { get; } = new(ImmutableSortedDictionary<string, int>.Empty, ImmutableSortedDictionary<string, int>.Empty);

    private int TotalWeight => Traffic.Values.Sum();

    /// <summary>True for label names: 1-32 of <c>[a-z0-9-]</c>, starting with a letter.</summary>
    public static bool IsValidLabel(string? label) =>
        label is { Length: >= 1 and <= 32 } && char.IsAsciiLetterLower(label[0]) && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// The label the <paramref name="ticket"/>-th unpinned request goes to: weighted round robin over the split, so
    /// the shares are exact over every <c>sum of weights</c> consecutive requests. Null when there is no split.
    /// </summary>
    public string? LabelFor(long ticket)
    {
        int total = TotalWeight;
        if (total <= 0)
        {
            return null;
        }

        long slot = ticket % total;
        foreach ((string label, int weight) in Traffic)
        {
            if (slot < weight)
            {
                return label;
            }

            slot -= weight;
        }

        return null;
    }

    /// <summary>Path of the file of <paramref name="policy"/>.</summary>
    public static string PathOf(string stateDirectory, string policy) => Path.Combine(stateDirectory, policy, FileName);

    /// <summary>Reads the routing; an absent file is <see cref="Empty"/>, an unusable one gives null and <paramref name="problem"/>.</summary>
    public static TrafficRouting? Read(string path, out string? problem)
    {
        problem = null;
        try
        {
            if (!File.Exists(path))
            {
                return Empty;
            }

            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && Map(root, "labels", min: 1) is { } labels && Map(root, "traffic", min: 0) is { } traffic
                && traffic.Keys.All(labels.ContainsKey))
            {
                return new TrafficRouting(labels, traffic);
            }

            problem = "expected {\"labels\": {label: version}, \"traffic\": {label: weight}} with valid labels, versions >= 1, weights >= 0";
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = e.Message;
        }

        return null;
    }

    /// <summary>Writes the routing atomically.</summary>
    public void Write(string path)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteMap(writer, "labels", Labels);
            WriteMap(writer, "traffic", Traffic);
            writer.WriteEndObject();
        }

        AtomicFile.Write(path, s => s.Write(buffer.ToArray()));
    }

    private static ImmutableSortedDictionary<string, int>? Map(JsonElement root, string name, int min)
    {
        if (!root.TryGetProperty(name, out JsonElement map))
        {
            return ImmutableSortedDictionary<string, int>.Empty;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty p in map.EnumerateObject())
        {
            if (!IsValidLabel(p.Name) || p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int v) || v < min)
            {
                return null;
            }

            result[p.Name] = v;
        }

        return result.ToImmutable();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, ImmutableSortedDictionary<string, int> map)
    {
        writer.WriteStartObject(name);
        foreach ((string key, int value) in map)
        {
            writer.WriteNumber(key, value);
        }

        writer.WriteEndObject();
    }
}
