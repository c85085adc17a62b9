using System.Text.Json;
using RagAgent.Core.Training;

namespace RagAgent.Hosting.Models;

/// <summary>The persisted active version of a policy: <c>STATE/&lt;policy&gt;/active.json</c>, written atomically.</summary>
public static class ActiveVersionFile
{
    /// <summary>File name of the state file inside a policy's state folder.</summary>
    public const string FileName = "active.json";

    /// <summary>Path of the state file of <paramref name="policy"/> under <paramref name="stateDirectory"/>.</summary>
    public static string PathOf(string stateDirectory, string policy) => Path.Combine(stateDirectory, policy, FileName);

    /// <summary>The persisted version, or null when there is no usable state file.</summary>
    public static int? Read(string path) => Read(path, out _);

    /// <summary>
    /// The persisted version, or null when the file is missing or unusable; <paramref name="problem"/> then says why
    /// (null when the file simply does not exist). Any content is accepted: only <c>{"version": N}</c> with N ≥ 1 counts.
    /// </summary>
    public static int? Read(string path, out string? problem)
    {
        problem = null;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out JsonElement v)
                && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int version) && version >= 1)
            {
                return version;
            }

            problem = $"expected {{\"version\": N}} with N >= 1, found a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = e.Message;
        }

        return null;
    }

    /// <summary>Writes <paramref name="version"/> atomically (temp file + rename).</summary>
    public static void Write(string path, int version) =>
        AtomicFile.WriteAllText(path, $"{{\"version\":{version}}}\n");
}
