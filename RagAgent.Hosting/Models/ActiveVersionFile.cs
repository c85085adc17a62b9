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

    /// <summary>The persisted version, or null when there is no readable state file.</summary>
    public static int? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("version", out JsonElement v) && v.TryGetInt32(out int version) ? version : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="version"/> atomically (temp file + rename).</summary>
    public static void Write(string path, int version) =>
        AtomicFile.WriteAllText(path, $"{{\"version\":{version}}}\n");
}
