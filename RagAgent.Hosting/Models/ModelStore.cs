using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Logging;
using RagAgent.Hosting.Metrics;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The policies under <c>ModelsDirectory</c>: <c>&lt;policy&gt;/&lt;version&gt;/*.safetensors</c>, versions numbered
/// 1, 2, …. Every checkpoint is verified (SHA-256, manifest, weights against the architecture, spec equal to the
/// policy's other versions) before it may serve; a rejected one never replaces the serving version. The active version
/// of each policy is persisted atomically in <c>STATE/&lt;policy&gt;/active.json</c> and restored at start.
/// </summary>
/// <remarks>Mutations (scan, upload, activate) are serialized by one lock; requests only read <see cref="PolicyEntry.Active"/>.</remarks>
public sealed class ModelStore
{
    /// <summary>File name given to uploaded checkpoints inside their version folder.</summary>
    public const string UploadFileName = "checkpoint.safetensors";

    private readonly HostingOptions _options;
    private readonly PolicyBuilder _builder;
    private readonly HostingMetrics _metrics;
    private readonly ILogger<ModelStore> _logger;
    private readonly ConcurrentDictionary<string, PolicyEntry> _policies = new(StringComparer.Ordinal);
    private readonly Lock _write = new();
    private volatile bool _loaded;

    /// <summary>Creates an empty store; <see cref="Scan"/> loads it.</summary>
    public ModelStore(IOptions<HostingOptions> options, PolicyBuilder builder, HostingMetrics metrics, ILogger<ModelStore> logger)
    {
        _options = options.Value;
        _builder = builder;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True once the first scan has finished.</summary>
    public bool IsLoaded => _loaded;

    /// <summary>The policies, by name.</summary>
    public IReadOnlyList<PolicyEntry> Policies => _policies.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <summary>Looks a policy up by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out PolicyEntry? entry) => _policies.TryGetValue(name, out entry);

    /// <summary>True for names usable as policy folder names: 1-64 of <c>[A-Za-z0-9._-]</c>, starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: >= 1 and <= 64 } && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>
    /// Loads version folders that are new or whose checkpoint changed, then makes sure every policy with a ready
    /// version serves one (the persisted choice when it is ready).
    /// </summary>
    public void Scan()
    {
        lock (_write)
        {
            try
            {
                Directory.CreateDirectory(_options.ModelsDirectory);
                foreach (string policyDir in Directory.EnumerateDirectories(_options.ModelsDirectory))
                {
                    string name = Path.GetFileName(policyDir);
                    if (IsValidName(name))
                    {
                        ScanPolicy(name, policyDir);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.ScanFailed(_logger, _options.ModelsDirectory, e.Message);
            }

            _loaded = true;
        }
    }

    /// <summary>
    /// Verifies an uploaded checkpoint, stores it as the next version of <paramref name="name"/> (creating the policy
    /// when new) and returns that version. Nothing is written when the checkpoint is rejected.
    /// </summary>
    /// <exception cref="ModelStoreException">The name or checkpoint is invalid, or the store is not writable.</exception>
    public PolicyVersion Upload(string name, ReadOnlyMemory<byte> checkpoint, string actor)
    {
        if (!IsValidName(name))
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "name",
                $"Policy name '{name}' is invalid: use 1-64 characters of [A-Za-z0-9._-], starting with a letter or digit.");
        }

        lock (_write)
        {
            PolicyEntry? entry = _policies.GetValueOrDefault(name);
            CheckpointContent content;
            try
            {
                using var stream = new MemoryStream(checkpoint.ToArray(), writable: false);
                content = CheckpointFile.Load(stream, $"upload to '{name}'");
            }
            catch (InvalidDataException e)
            {
                throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint", e.Message, e);
            }

            IActorCritic policy = Build(content, $"upload to '{name}'", entry);
            string policyDir = Path.Combine(_options.ModelsDirectory, name);
            int number = NextVersionNumber(entry, policyDir);
            string versionDir = Path.Combine(policyDir, number.ToString(CultureInfo.InvariantCulture));
            string staging = Path.Combine(policyDir, $".staging-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(staging);
                string stagedFile = Path.Combine(staging, UploadFileName);
                AtomicFile.Write(stagedFile, s => s.Write(checkpoint.Span));
                Directory.Move(staging, versionDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(staging);
                throw new ModelStoreException(StatusCodes.Status503ServiceUnavailable, "models",
                    $"The model store '{_options.ModelsDirectory}' is not writable: {e.Message}", e);
            }

            entry ??= _policies.GetOrAdd(name, n => new PolicyEntry(n));
            PolicyVersion version = Ready(name, number, FileSignature.Of(Path.Combine(versionDir, UploadFileName)), content, policy);
            entry.SetVersion(version);
            Log.Uploaded(_logger, name, number, checkpoint.Length, actor);
            if (entry.Active is null || _options.AutoActivateNewVersions)
            {
                ActivateLocked(entry, version, actor);
            }

            return version;
        }
    }

    /// <summary>Makes version <paramref name="number"/> of <paramref name="name"/> the served one and persists the choice.</summary>
    /// <exception cref="ModelStoreException">Unknown policy or version (404), rejected version (409), state not writable (503).</exception>
    public PolicyVersion Activate(string name, int number, string actor)
    {
        lock (_write)
        {
            if (!_policies.TryGetValue(name, out PolicyEntry? entry))
            {
                throw new ModelStoreException(StatusCodes.Status404NotFound, "name", $"Policy '{name}' does not exist.");
            }

            if (!entry.Versions.TryGetValue(number, out PolicyVersion? version))
            {
                throw new ModelStoreException(StatusCodes.Status404NotFound, "version",
                    $"Policy '{name}' has no version {number}; versions: {string.Join(", ", entry.Versions.Keys)}.");
            }

            if (!version.IsReady)
            {
                throw new ModelStoreException(StatusCodes.Status409Conflict, "version",
                    $"Version {number} of '{name}' was rejected and cannot serve: {version.Error}");
            }

            string path = ActiveVersionFile.PathOf(_options.EffectiveStateDirectory, name);
            try
            {
                ActiveVersionFile.Write(path, number);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelStoreException(StatusCodes.Status503ServiceUnavailable, "state",
                    $"Could not persist the active version to '{path}': {e.Message}", e);
            }

            int? previous = entry.Active?.Number;
            entry.SetActive(version);
            Log.VersionActivated(_logger, name, number, previous, actor);
            return version;
        }
    }

    private void ScanPolicy(string name, string policyDir)
    {
        PolicyEntry entry = _policies.GetOrAdd(name, n => new PolicyEntry(n));
        var found = new List<PolicyVersion>();
        foreach (int number in LoadOrder(entry, policyDir))
        {
            string versionDir = Path.Combine(policyDir, number.ToString(CultureInfo.InvariantCulture));
            string[] files = Directory.GetFiles(versionDir, "*.safetensors");
            if (files.Length == 0)
            {
                continue;
            }

            FileSignature signature = files.Length == 1 ? FileSignature.Of(files[0]) : new FileSignature(versionDir, files.Length, default);
            if (entry.Versions.TryGetValue(number, out PolicyVersion? known) && known.Signature == signature)
            {
                continue;
            }

            if (known is { IsReady: true })
            {
                // A served version's file changed on disk: keep serving what was verified; report the change.
                Log.VersionRejected(_logger, name, number, "its checkpoint changed on disk after loading; the loaded weights stay in use");
                continue;
            }

            PolicyVersion version = files.Length == 1
                ? LoadFromDisk(entry, number, files[0], signature)
                : PolicyVersion.Rejected(name, number, signature,
                    $"version folder holds {files.Length} .safetensors files; expected exactly one");
            if (!version.IsReady)
            {
                Log.VersionRejected(_logger, name, number, version.Error!);
            }

            entry.SetVersion(version);
            found.Add(version);
        }

        found.Sort((a, b) => a.Number.CompareTo(b.Number));
        ChooseActive(entry, found);
    }

    /// <summary>
    /// Version numbers under <paramref name="policyDir"/> in the order to load them. The first ready version loaded
    /// fixes the spec the others must match: so while nothing is served, the persisted active version goes first,
    /// then the newest; once a version is served, its spec is the reference and the order does not matter.
    /// </summary>
    private List<int> LoadOrder(PolicyEntry entry, string policyDir)
    {
        var numbers = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories(policyDir))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
            {
                numbers.Add(n);
            }
        }

        numbers.Sort((a, b) => b.CompareTo(a));
        if (entry.Active is null
            && ActiveVersionFile.Read(ActiveVersionFile.PathOf(_options.EffectiveStateDirectory, entry.Name)) is int persisted
            && numbers.Remove(persisted))
        {
            numbers.Insert(0, persisted);
        }

        return numbers;
    }

    private void ChooseActive(PolicyEntry entry, List<PolicyVersion> found)
    {
        PolicyVersion? newestReady = entry.Versions.Values.LastOrDefault(v => v.IsReady);
        if (entry.Active is null)
        {
            int? persisted = ActiveVersionFile.Read(ActiveVersionFile.PathOf(_options.EffectiveStateDirectory, entry.Name));
            if (persisted is int p && entry.Versions.TryGetValue(p, out PolicyVersion? chosen) && chosen.IsReady)
            {
                entry.SetActive(chosen);
                Log.VersionActivated(_logger, entry.Name, p, null, "persisted state");
                return;
            }

            if (persisted is int missing)
            {
                Log.PersistedVersionUnavailable(_logger, entry.Name, missing, newestReady?.Number);
            }

            if (newestReady is not null)
            {
                ActivateLocked(entry, newestReady, "startup (newest ready version)");
            }

            return;
        }

        // The state file is the source of truth shared by replicas: follow a choice another process made.
        int? stated = ActiveVersionFile.Read(ActiveVersionFile.PathOf(_options.EffectiveStateDirectory, entry.Name));
        if (stated is int s && s != entry.Active.Number && entry.Versions.TryGetValue(s, out PolicyVersion? other) && other.IsReady)
        {
            int previous = entry.Active.Number;
            entry.SetActive(other);
            Log.VersionActivated(_logger, entry.Name, s, previous, "state file");
            return;
        }

        PolicyVersion? newestFound = found.LastOrDefault(v => v.IsReady);
        if (_options.AutoActivateNewVersions && newestFound is not null && newestFound.Number > entry.Active.Number)
        {
            ActivateLocked(entry, newestFound, "folder watch (auto-activate)");
        }
    }

    private void ActivateLocked(PolicyEntry entry, PolicyVersion version, string actor)
    {
        string path = ActiveVersionFile.PathOf(_options.EffectiveStateDirectory, entry.Name);
        try
        {
            ActiveVersionFile.Write(path, version.Number);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PersistFailed(_logger, entry.Name, path, e.Message);
        }

        int? previous = entry.Active?.Number;
        entry.SetActive(version);
        Log.VersionActivated(_logger, entry.Name, version.Number, previous, actor);
    }

    private PolicyVersion LoadFromDisk(PolicyEntry entry, int number, string file, FileSignature signature)
    {
        try
        {
            CheckpointContent content = CheckpointFile.Load(file);
            IActorCritic policy = Build(content, file, entry);
            return Ready(entry.Name, number, signature, content, policy);
        }
        catch (ModelStoreException e)
        {
            return PolicyVersion.Rejected(entry.Name, number, signature, e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return PolicyVersion.Rejected(entry.Name, number, signature, e.Message);
        }
    }

    private IActorCritic Build(CheckpointContent content, string source, PolicyEntry? entry)
    {
        EnvSpec? reference = (entry?.Active ?? entry?.Versions.Values.LastOrDefault(v => v.IsReady))?.Manifest?.Spec;
        if (reference is not null && reference.ShapeDifference(content.Manifest.Spec) is string difference)
        {
            throw new ModelStoreException(StatusCodes.Status409Conflict, "checkpoint.manifest.spec",
                $"Checkpoint {source} does not match the observation/action spec of policy '{entry!.Name}': {difference}.");
        }

        try
        {
            IActorCritic policy = _builder(content);
            if (content.Manifest.Spec.ShapeDifference(policy.Spec) is string built)
            {
                throw new InvalidDataException($"the built network's spec differs from the manifest: {built}");
            }

            return policy;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException or NotSupportedException)
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint",
                $"Checkpoint {source} does not fit its architecture '{content.Manifest.Policy.ArchitectureFor(content.Manifest.Spec)}': {e.Message}", e);
        }
    }

    private PolicyVersion Ready(string name, int number, FileSignature signature, CheckpointContent content, IActorCritic policy)
    {
        var batcher = new MicroBatcher(policy, _options.MaxBatchSize, TimeSpan.FromMicroseconds(_options.MaxBatchWaitMicroseconds),
            size => _metrics.RecordBatch(name, size));
        CheckpointManifest m = content.Manifest;
        Log.VersionLoaded(_logger, name, number, policy.Options.Architecture.ToString(), m.EnvId, m.TrainingSteps);
        // What is served is the built network: its resolved options (never "auto", as 0.1.0 manifests may say).
        return PolicyVersion.Ready(name, number, signature, m with { Policy = policy.Options }, batcher);
    }

    private static int NextVersionNumber(PolicyEntry? entry, string policyDir)
    {
        int max = entry?.Versions.Keys.DefaultIfEmpty(0).Max() ?? 0;
        if (Directory.Exists(policyDir))
        {
            foreach (string dir in Directory.EnumerateDirectories(policyDir))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                {
                    max = Math.Max(max, n);
                }
            }
        }

        return max + 1;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover staging folder is ignored by scans (its name is not a number).
        }
    }
}
