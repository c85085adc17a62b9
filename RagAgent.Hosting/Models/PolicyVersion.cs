using RagAgent.Core.Training;

namespace RagAgent.Hosting.Models;

/// <summary>
/// One numbered version of a policy: either ready (verified checkpoint, network built, its own
/// <see cref="MicroBatcher"/>) or rejected with the reason. Immutable once created, so a request that picked a
/// version keeps using all of it even if another version is activated meanwhile.
/// </summary>
public sealed class PolicyVersion
{
    private PolicyVersion(
        string policy, int number, FileSignature signature, string? sha256, CheckpointManifest? manifest, MicroBatcher? batcher, string? error,
        string? warning)
    {
        Policy = policy;
        Number = number;
        Signature = signature;
        Sha256 = sha256;
        Manifest = manifest;
        Batcher = batcher;
        Error = error;
        Warning = warning;
    }

    /// <summary>Policy name.</summary>
    public string Policy { get; }

    /// <summary>Version number (the folder name).</summary>
    public int Number { get; }

    /// <summary>The checkpoint file as it was last looked at.</summary>
    public FileSignature Signature { get; }

    /// <summary>SHA-256 of the checkpoint file as loaded (the version's identity), when the version is ready.</summary>
    public string? Sha256 { get; }

    /// <summary>The checkpoint's manifest when the version is ready.</summary>
    public CheckpointManifest? Manifest { get; }

    /// <summary>Runs this version's forward passes when the version is ready.</summary>
    public MicroBatcher? Batcher { get; }

    /// <summary>Why the version was rejected, or null when it is ready.</summary>
    public string? Error { get; }

    /// <summary>Something an operator should know about a ready version (its file changed on disk), or null.</summary>
    public string? Warning { get; }

    /// <summary>True when the version can serve.</summary>
    public bool IsReady => Batcher is not null;

    /// <summary>True when an admin unloaded the version (its file stays; activating it loads it again).</summary>
    public bool IsUnloaded { get; private init; }

    /// <summary>True when the version serves per-channel int8 weights (<c>Quantization = int8</c>).</summary>
    public bool IsInt8 { get; private init; }

    /// <summary>The status as the API shows it: <c>ready</c>, <c>unloaded</c> or <c>rejected</c>.</summary>
    public string Status => IsReady ? "ready" : IsUnloaded ? "unloaded" : "rejected";

    /// <summary>A version that can serve.</summary>
    public static PolicyVersion Ready(string policy, int number, FileSignature signature, string sha256, CheckpointManifest manifest, MicroBatcher batcher) =>
        new(policy, number, signature, sha256, manifest, batcher, null, null);

    /// <summary>A version that was rejected with <paramref name="error"/>.</summary>
    public static PolicyVersion Rejected(string policy, int number, FileSignature signature, string error) =>
        new(policy, number, signature, null, null, null, error, null);

    /// <summary><paramref name="version"/> without its network, marked unloaded with <paramref name="reason"/>.</summary>
    public static PolicyVersion Unloaded(PolicyVersion version, string reason)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Policy, version.Number, version.Signature, null, null, null, reason, null) { IsUnloaded = true };
    }

    /// <summary>This version with the file looked at again: <paramref name="warning"/> replaces the warning.</summary>
    public PolicyVersion Seen(FileSignature signature, string? warning) =>
        new(Policy, Number, signature, Sha256, Manifest, Batcher, Error, warning) { IsUnloaded = IsUnloaded, IsInt8 = IsInt8 };

    /// <summary>This version marked as serving an int8 network.</summary>
    public PolicyVersion AsInt8() => new(Policy, Number, Signature, Sha256, Manifest, Batcher, Error, Warning) { IsUnloaded = IsUnloaded, IsInt8 = true };
}

/// <summary>Identity of a checkpoint file on disk: path, length and last write time.</summary>
public readonly record struct FileSignature(string Path, long Length, DateTime LastWriteUtc)
{
    /// <summary>The signature of <paramref name="path"/> now.</summary>
    public static FileSignature Of(string path)
    {
        var info = new FileInfo(path);
        return new FileSignature(path, info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc : default);
    }
}
