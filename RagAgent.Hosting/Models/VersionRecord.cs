using System.Security.Cryptography;
using RagAgent.Core.Training;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The SHA-256 of a version's checkpoint file as it was when first loaded, kept in
/// <c>STATE/&lt;policy&gt;/versions/&lt;version&gt;.sha256</c>. Versions are immutable: a file whose hash differs from
/// its record is reported and never served (new weights need a new version number).
/// </summary>
public static class VersionRecord
{
    /// <summary>Folder of the records inside a policy's state folder.</summary>
    public const string FolderName = "versions";

    /// <summary>Path of the record of <paramref name="version"/> of <paramref name="policy"/>.</summary>
    public static string PathOf(string stateDirectory, string policy, int version) =>
        Path.Combine(stateDirectory, policy, FolderName, $"{version}.sha256");

    /// <summary>The recorded hash, or null when none was recorded (or the record is unreadable).</summary>
    public static string? Read(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            string text = File.ReadAllText(path).Trim();
            return text.Length == 64 && text.All(char.IsAsciiHexDigitLower) ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records <paramref name="sha256"/> atomically.</summary>
    public static void Write(string path, string sha256) => AtomicFile.WriteAllText(path, sha256 + "\n");

    /// <summary>Removes the record (after a version is deleted).</summary>
    public static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Lower-case hex SHA-256 of the whole stream from its current position.</summary>
    public static string HashOf(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));
}
