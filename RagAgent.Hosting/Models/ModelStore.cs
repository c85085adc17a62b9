using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Logging;
using RagAgent.Hosting.Metrics;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The policies under <c>ModelsDirectory</c>: <c>&lt;policy&gt;/&lt;version&gt;/*.safetensors</c>, versions numbered
/// 1, 2, …. Every checkpoint is verified (parse, SHA-256, finite weights, sizes, weights against the architecture,
/// spec equal to the policy's) before it may serve; a rejected one never replaces the serving version, and no file,
/// however malformed, makes the store throw. The active version of each policy is persisted atomically in
/// <c>STATE/&lt;policy&gt;/active.json</c> and restored at start.
/// </summary>
/// <remarks>
/// <para>Mutations (scan, upload, activate, delete) are serialized by one lock; requests only read
/// <see cref="PolicyEntry.Active"/>.</para>
/// <para>The spec rule: a policy's spec is fixed by the first version that loads, in this order: the persisted
/// active version, then the others from the oldest. A version whose spec differs is rejected, so a conflicting file
/// can never displace the versions that were serving or that agree with the persisted one.</para>
/// </remarks>
public sealed class ModelStore
{
    /// <summary>File name given to uploaded checkpoints inside their version folder.</summary>
    public const string UploadFileName = "checkpoint.safetensors";

    /// <summary>Uploads at least this large are followed by a compacting collection so their memory goes back to the OS.</summary>
    private const long ReleaseMemoryAfterBytes = 8L << 20;

    private readonly HostingOptions _options;
    private readonly PolicyBuilder _builder;
    private readonly HostingMetrics _metrics;
    private readonly ILogger<ModelStore> _logger;
    private readonly string _modelsRoot;
    private readonly string _stateRoot;
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
        _modelsRoot = Path.GetFullPath(_options.ModelsDirectory);
        _stateRoot = Path.GetFullPath(_options.EffectiveStateDirectory);
        metrics.Meter.CreateObservableGauge("ragagent.active_version",
            () => _policies.Values.Select(p => new Measurement<int>(p.Active?.Number ?? 0, new KeyValuePair<string, object?>("policy", p.Name))),
            description: "Version being served, by policy (0 when none is ready).");
        metrics.Meter.CreateObservableGauge("ragagent.versions",
            () => _policies.Values.SelectMany(p => p.Versions.Values.GroupBy(v => v.Status).Select(g => new Measurement<int>(g.Count(),
                new KeyValuePair<string, object?>("policy", p.Name), new KeyValuePair<string, object?>("status", g.Key)))),
            description: "Versions found, by policy and status.");
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
    /// Removes abandoned uploads, loads version folders that are new or whose checkpoint changed, then makes sure every
    /// policy with a ready version serves one (the persisted choice when it is ready). Never throws: a failure is
    /// logged and confined to the policy or version it concerns.
    /// </summary>
    public void Scan()
    {
        lock (_write)
        {
            try
            {
                Directory.CreateDirectory(_modelsRoot);
                int removed = StagingArea.RemoveAbandoned(_modelsRoot);
                if (removed > 0)
                {
                    Log.StagingCleaned(_logger, removed, Path.Combine(_modelsRoot, StagingArea.FolderName));
                }

                foreach (string policyDir in Directory.EnumerateDirectories(_modelsRoot))
                {
                    string name = Path.GetFileName(policyDir);
                    if (IsValidName(name))
                    {
                        ScanPolicyGuarded(name, policyDir);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.ScanFailed(_logger, _modelsRoot, e.Message);
            }

            _loaded = true;
        }
    }

    /// <summary>
    /// Streams an uploaded checkpoint to the staging area (bounded memory, hashed on the way), verifies it, and stores
    /// it as the next version of <paramref name="name"/> (creating the policy when new). Nothing is published when the
    /// checkpoint is rejected.
    /// </summary>
    /// <exception cref="ModelStoreException">Invalid name (400), more than <paramref name="maxBytes"/> bytes (413),
    /// invalid checkpoint (400), spec conflict (409), store not writable (503).</exception>
    public async Task<PolicyVersion> UploadAsync(string name, Stream body, long maxBytes, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsValidName(name))
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "name",
                $"Policy name '{name}' is invalid: use 1-64 characters of [A-Za-z0-9._-], starting with a letter or digit.");
        }

        FileStream file;
        string staged;
        try
        {
            file = StagingArea.Create(_modelsRoot, out staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(e);
        }

        long length = 0;
        try
        {
            await using (file)
            {
                StagedUpload upload = await StagingArea.CopyAsync(body, file, maxBytes, cancellationToken)
                    ?? throw new ModelStoreException(StatusCodes.Status413PayloadTooLarge, "checkpoint",
                        $"The checkpoint exceeds {maxBytes} bytes (RagAgent:MaxUploadBytes).");
                length = upload.Length;
                if (length == 0)
                {
                    throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint",
                        "The body is empty; send the checkpoint file's bytes (application/octet-stream).");
                }

                file.Position = 0;
                lock (_write)
                {
                    return Publish(name, file, staged, upload, actor);
                }
            }
        }
        finally
        {
            StagingArea.TryDelete(staged);
            if (length >= ReleaseMemoryAfterBytes)
            {
                // The parse buffers of a large checkpoint are garbage now: give the memory back instead of keeping it.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
    }

    /// <summary>Makes version <paramref name="number"/> of <paramref name="name"/> the served one and persists the choice.</summary>
    /// <exception cref="ModelStoreException">Unknown policy or version (404), rejected version (409), state not writable (503).</exception>
    public PolicyVersion Activate(string name, int number, string actor)
    {
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            PolicyVersion version = FindVersion(entry, number);
            if (version.IsUnloaded)
            {
                string file = version.Signature.Path;
                version = LoadFromDisk(entry, number, file, FileSignature.Of(file));
                entry.SetVersion(version);
            }

            if (!version.IsReady)
            {
                throw new ModelStoreException(StatusCodes.Status409Conflict, "version",
                    $"Version {number} of '{name}' was rejected and cannot serve: {version.Error}");
            }

            string path = ActiveVersionFile.PathOf(_stateRoot, name);
            try
            {
                ActiveVersionFile.Write(path, number);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelStoreException(StatusCodes.Status503ServiceUnavailable, "state",
                    $"Could not persist the active version of '{name}': {Relative(e.Message)}", e);
            }

            int? previous = entry.Active?.Number;
            entry.SetActive(version);
            Log.VersionActivated(_logger, name, number, previous, actor);
            return version;
        }
    }

    /// <summary>
    /// Stops serving version <paramref name="number"/> and frees its network; its file stays, it is listed as
    /// <c>unloaded</c>, and <see cref="Activate"/> loads it again. Not persisted: a restart loads it.
    /// </summary>
    /// <exception cref="ModelStoreException">Unknown policy or version (404), the active version (409).</exception>
    public PolicyVersion Unload(string name, int number, string actor)
    {
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            PolicyVersion version = FindVersion(entry, number);
            RefuseActive(entry, version, "unload");
            PolicyVersion unloaded = PolicyVersion.Unloaded(version, $"unloaded by {actor}; :activate loads it again");
            entry.SetVersion(unloaded);
            Log.VersionUnloaded(_logger, name, number, actor);
            return unloaded;
        }
    }

    /// <summary>Deletes version <paramref name="number"/>: its folder, its recorded hash and its network.</summary>
    /// <exception cref="ModelStoreException">Unknown policy or version (404), the active version (409), store not writable (503).</exception>
    public void Delete(string name, int number, string actor)
    {
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            PolicyVersion version = FindVersion(entry, number);
            RefuseActive(entry, version, "delete");
            try
            {
                Directory.Delete(Path.Combine(_modelsRoot, name, number.ToString(CultureInfo.InvariantCulture)), recursive: true);
                VersionRecord.Delete(VersionRecord.PathOf(_stateRoot, name, number));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw NotWritable(e);
            }

            entry.RemoveVersion(number);
            Log.VersionDeleted(_logger, name, number, actor);
        }
    }

    private static void RefuseActive(PolicyEntry entry, PolicyVersion version, string verb)
    {
        if (ReferenceEquals(entry.Active, version))
        {
            throw new ModelStoreException(StatusCodes.Status409Conflict, "version",
                $"Version {version.Number} of '{entry.Name}' is being served: activate another version before you {verb} it.");
        }

        if (entry.Routing.Labels.FirstOrDefault(l => l.Value == version.Number).Key is string label)
        {
            throw new ModelStoreException(StatusCodes.Status409Conflict, "version",
                $"Label '{label}' of '{entry.Name}' points at version {version.Number}: move or remove the label before you {verb} it.");
        }
    }

    /// <summary>Points <paramref name="label"/> at ready version <paramref name="number"/>, persisted.</summary>
    /// <exception cref="ModelStoreException">Bad label (400), unknown policy or version (404), version not ready (409), state not writable (503).</exception>
    public TrafficRouting SetLabel(string name, string label, int number, string actor)
    {
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            if (!TrafficRouting.IsValidLabel(label))
            {
                throw new ModelStoreException(StatusCodes.Status400BadRequest, "label",
                    $"Label '{label}' is invalid: use 1-32 characters of [a-z0-9-], starting with a letter.");
            }

            if (!FindVersion(entry, number).IsReady)
            {
                throw new ModelStoreException(StatusCodes.Status409Conflict, "version", $"Version {number} of '{name}' is not ready to serve.");
            }

            return Route(entry, entry.Routing with { Labels = entry.Routing.Labels.SetItem(label, number) }, actor);
        }
    }

    /// <summary>Removes <paramref name="label"/> and its share of the traffic split, persisted.</summary>
    public TrafficRouting RemoveLabel(string name, string label, string actor)
    {
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            if (!entry.Routing.Labels.ContainsKey(label))
            {
                throw new ModelStoreException(StatusCodes.Status404NotFound, "label", $"Policy '{name}' has no label '{label}'.");
            }

            return Route(entry, new TrafficRouting(entry.Routing.Labels.Remove(label), entry.Routing.Traffic.Remove(label)), actor);
        }
    }

    /// <summary>Splits the unpinned requests of <paramref name="name"/> between labels by integer weights; empty clears the split.</summary>
    public TrafficRouting SetTraffic(string name, IReadOnlyDictionary<string, int> weights, string actor)
    {
        ArgumentNullException.ThrowIfNull(weights);
        lock (_write)
        {
            PolicyEntry entry = Find(name);
            foreach ((string label, int weight) in weights)
            {
                if (!entry.Routing.Labels.ContainsKey(label))
                {
                    throw new ModelStoreException(StatusCodes.Status400BadRequest, $"traffic.{label}",
                        $"Policy '{name}' has no label '{label}'; labels: {string.Join(", ", entry.Routing.Labels.Keys)}.");
                }

                if (weight < 0)
                {
                    throw new ModelStoreException(StatusCodes.Status400BadRequest, $"traffic.{label}", $"Weight {weight} of '{label}' must be >= 0.");
                }
            }

            if (weights.Count > 0 && weights.Values.Sum(w => (long)w) is long total && (total == 0 || total > int.MaxValue))
            {
                throw new ModelStoreException(StatusCodes.Status400BadRequest, "traffic",
                    $"The weights sum to {total}; expected 1 to {int.MaxValue} (or no weights to clear the split).");
            }

            return Route(entry, entry.Routing with { Traffic = weights.ToImmutableSortedDictionary(StringComparer.Ordinal) }, actor);
        }
    }

    private TrafficRouting Route(PolicyEntry entry, TrafficRouting routing, string actor)
    {
        try
        {
            routing.Write(TrafficRouting.PathOf(_stateRoot, entry.Name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelStoreException(StatusCodes.Status503ServiceUnavailable, "state",
                $"Could not persist the labels of '{entry.Name}': {Relative(e.Message)}", e);
        }

        entry.SetRouting(routing);
        Log.RoutingChanged(_logger, entry.Name, string.Join(", ", routing.Labels.Select(l => $"{l.Key}={l.Value}")),
            string.Join(", ", routing.Traffic.Select(t => $"{t.Key}:{t.Value}")), actor);
        return routing;
    }

    /// <summary>The policy named <paramref name="name"/>, or a 404 <see cref="ModelStoreException"/>.</summary>
    internal PolicyEntry Find(string name) =>
        _policies.TryGetValue(name, out PolicyEntry? entry)
            ? entry
            : throw new ModelStoreException(StatusCodes.Status404NotFound, "name", $"Policy '{name}' does not exist.");

    private static PolicyVersion FindVersion(PolicyEntry entry, int number) =>
        entry.Versions.TryGetValue(number, out PolicyVersion? version)
            ? version
            : throw new ModelStoreException(StatusCodes.Status404NotFound, "version",
                $"Policy '{entry.Name}' has no version {number}; versions: {string.Join(", ", entry.Versions.Keys)}.");

    private PolicyVersion Publish(string name, FileStream file, string staged, StagedUpload upload, string actor)
    {
        PolicyEntry? entry = _policies.GetValueOrDefault(name);
        string source = $"upload to '{name}'";
        CheckpointContent content;
        try
        {
            content = CheckpointFile.Load(file, source);
        }
#pragma warning disable CA1031 // Whatever a malformed upload makes the parser throw is a 400, never a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint", Describe(e, source), e);
        }

        IActorCritic policy = Build(name, content, source, entry);
        string policyDir = Path.Combine(_modelsRoot, name);
        int number = NextVersionNumber(entry, policyDir);
        string versionDir = Path.Combine(policyDir, number.ToString(CultureInfo.InvariantCulture));
        string target = Path.Combine(versionDir, UploadFileName);
        try
        {
            Directory.CreateDirectory(versionDir);
            File.Move(staged, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(e);
        }

        Record(name, number, upload.Sha256);
        entry ??= _policies.GetOrAdd(name, n => new PolicyEntry(n));
        entry.Spec ??= content.Manifest.Spec;
        PolicyVersion version = Ready(name, number, FileSignature.Of(target), upload.Sha256, content, policy);
        entry.SetVersion(version);
        Log.Uploaded(_logger, name, number, upload.Length, actor);
        if (entry.Active is null || _options.AutoActivateNewVersions)
        {
            ActivateLocked(entry, version, actor);
        }

        return version;
    }

    private void ScanPolicyGuarded(string name, string policyDir)
    {
        try
        {
            ScanPolicy(name, policyDir);
        }
#pragma warning disable CA1031 // One policy's folder must never stop the scan of the others, nor the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ScanFailed(_logger, policyDir, e.Message);
        }
    }

    private void ScanPolicy(string name, string policyDir)
    {
        PolicyEntry entry = _policies.GetOrAdd(name, n => new PolicyEntry(n));
        int? persisted = ReadActiveFile(name);
        var found = new List<PolicyVersion>();
        foreach (int number in LoadOrder(entry, policyDir, persisted))
        {
            string versionDir = Path.Combine(policyDir, number.ToString(CultureInfo.InvariantCulture));
            string[] files = Directory.GetFiles(versionDir, "*.safetensors");
            if (files.Length == 0)
            {
                continue;
            }

            FileSignature signature = files.Length == 1 ? FileSignature.Of(files[0]) : new FileSignature(versionDir, files.Length, default);
            entry.Versions.TryGetValue(number, out PolicyVersion? known);
            if (known is not null && known.Signature == signature)
            {
                continue;
            }

            if (known is { IsReady: true })
            {
                entry.SetVersion(Recheck(known, files, signature));
                continue;
            }

            PolicyVersion version = files.Length == 1
                ? LoadFromDisk(entry, number, files[0], signature)
                : PolicyVersion.Rejected(name, number, signature, $"version folder holds {files.Length} .safetensors files; expected exactly one");
            if (!version.IsReady)
            {
                Log.VersionRejected(_logger, name, number, files.Length == 1 ? files[0] : versionDir, version.Error!);
            }

            entry.SetVersion(version);
            found.Add(version);
        }

        found.Sort((a, b) => a.Number.CompareTo(b.Number));
        ChooseActive(entry, found, persisted);
        string routingPath = TrafficRouting.PathOf(_stateRoot, name);
        if (TrafficRouting.Read(routingPath, out string? problem) is { } routing)
        {
            entry.SetRouting(routing);
        }
        else
        {
            Log.StateFileIgnored(_logger, name, routingPath, problem!);
        }
    }

    /// <summary>
    /// Version numbers under <paramref name="policyDir"/> in the order to load them: while the policy has no spec, the
    /// persisted active version first, then the others from the oldest, so the first ready one fixes the spec.
    /// </summary>
    private static List<int> LoadOrder(PolicyEntry entry, string policyDir, int? persisted)
    {
        var numbers = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories(policyDir))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
            {
                numbers.Add(n);
            }
        }

        numbers.Sort();
        if (entry.Spec is null && persisted is int p && numbers.Remove(p))
        {
            numbers.Insert(0, p);
        }

        return numbers;
    }

    /// <summary>A ready version whose file changed on disk: the weights loaded first stay in use; new content is never served.</summary>
    private PolicyVersion Recheck(PolicyVersion known, string[] files, FileSignature signature)
    {
        string? now = null;
        string? problem;
        try
        {
            if (files.Length == 1)
            {
                using FileStream stream = File.OpenRead(files[0]);
                now = VersionRecord.HashOf(stream);
            }

            problem = now == known.Sha256 ? null
                : files.Length != 1 ? $"the version folder now holds {files.Length} .safetensors files"
                : $"its checkpoint file changed on disk (SHA-256 {now}, loaded {known.Sha256})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"its checkpoint file cannot be read any more ({Relative(e.Message)})";
        }

        if (problem is not null)
        {
            problem += "; versions are immutable: the weights verified at load stay in use, and new weights need a new version number";
            Log.VersionFileChanged(_logger, known.Policy, known.Number, signature.Path, problem);
        }

        return known.Seen(signature, problem);
    }

    private PolicyVersion LoadFromDisk(PolicyEntry entry, int number, string file, FileSignature signature)
    {
        string source = Path.GetRelativePath(_modelsRoot, file);
        try
        {
            using FileStream stream = File.OpenRead(file);
            string sha256 = VersionRecord.HashOf(stream);
            string? recorded = VersionRecord.Read(VersionRecord.PathOf(_stateRoot, entry.Name, number));
            if (recorded is not null && recorded != sha256)
            {
                return PolicyVersion.Rejected(entry.Name, number, signature,
                    $"Checkpoint {source} changed after version {number} was first loaded (SHA-256 {sha256}, recorded {recorded}); "
                    + "versions are immutable: publish new weights as a new version");
            }

            stream.Position = 0;
            CheckpointContent content = CheckpointFile.Load(stream, source);
            IActorCritic policy = Build(entry.Name, content, source, entry);
            if (recorded is null)
            {
                Record(entry.Name, number, sha256);
            }

            entry.Spec ??= content.Manifest.Spec;
            return Ready(entry.Name, number, signature, sha256, content, policy);
        }
        catch (ModelStoreException e)
        {
            return PolicyVersion.Rejected(entry.Name, number, signature, e.Message);
        }
#pragma warning disable CA1031 // Any failure to load one file rejects that version only; it never escapes the loader.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return PolicyVersion.Rejected(entry.Name, number, signature, Describe(e, source));
        }
    }

    private IActorCritic Build(string name, CheckpointContent content, string source, PolicyEntry? entry)
    {
        IActorCritic policy = BuildFloat(content, source, entry);
        PolicyServingOptions serving = _options.ServingOf(name);
        return serving.Quantization == ServingQuantization.Int8 ? Int8Gate.Quantize(policy, content.Manifest, serving, source) : policy;
    }

    private IActorCritic BuildFloat(CheckpointContent content, string source, PolicyEntry? entry)
    {
        if (entry?.Spec is EnvSpec reference && reference.ShapeDifference(content.Manifest.Spec) is string difference)
        {
            throw new ModelStoreException(StatusCodes.Status409Conflict, "checkpoint.manifest.spec",
                $"Checkpoint {source} does not match the observation/action spec of policy '{entry.Name}': {difference}.");
        }

        CheckpointGuard.Check(content, source, _options.MaxBatchSize);
        IActorCritic policy;
        try
        {
            policy = _builder(content);
            if (content.Manifest.Spec.ShapeDifference(policy.Spec) is string built)
            {
                throw new InvalidDataException($"the built network's spec differs from the manifest: {built}");
            }
        }
#pragma warning disable CA1031 // Whatever building a network from untrusted sizes throws (including out of memory) rejects the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new ModelStoreException(StatusCodes.Status400BadRequest, "checkpoint",
                $"Checkpoint {source} does not fit its architecture '{content.Manifest.Policy.ArchitectureFor(content.Manifest.Spec)}': {Relative(e.Message)}", e);
        }

        return policy;
    }

    private void ChooseActive(PolicyEntry entry, List<PolicyVersion> found, int? persisted)
    {
        PolicyVersion? newestReady = entry.Versions.Values.LastOrDefault(v => v.IsReady);
        if (entry.Active is null)
        {
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
        if (persisted is int s && s != entry.Active.Number && entry.Versions.TryGetValue(s, out PolicyVersion? other) && other.IsReady)
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

    private int? ReadActiveFile(string policy)
    {
        string path = ActiveVersionFile.PathOf(_stateRoot, policy);
        int? version = ActiveVersionFile.Read(path, out string? problem);
        if (problem is not null)
        {
            Log.StateFileIgnored(_logger, policy, path, problem);
        }

        return version;
    }

    private void ActivateLocked(PolicyEntry entry, PolicyVersion version, string actor)
    {
        string path = ActiveVersionFile.PathOf(_stateRoot, entry.Name);
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

    private void Record(string policy, int number, string sha256)
    {
        string path = VersionRecord.PathOf(_stateRoot, policy, number);
        try
        {
            VersionRecord.Write(path, sha256);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PersistFailed(_logger, policy, path, e.Message);
        }
    }

    private PolicyVersion Ready(string name, int number, FileSignature signature, string sha256, CheckpointContent content, IActorCritic policy)
    {
        var batcher = new MicroBatcher(policy, _options.MaxBatchSize, TimeSpan.FromMicroseconds(_options.MaxBatchWaitMicroseconds),
            timing => _metrics.RecordBatch(name, number, timing));
        CheckpointManifest m = content.Manifest;
        Log.VersionLoaded(_logger, name, number, policy.Options.Architecture.ToString(), m.EnvId, m.TrainingSteps);
        // What is served is the built network: its resolved options (never "auto", as 0.1.0 manifests may say).
        PolicyVersion version = PolicyVersion.Ready(name, number, signature, sha256, m with { Policy = policy.Options }, batcher);
        return policy is QuantizedActorCritic ? version.AsInt8() : version;
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

    private ModelStoreException NotWritable(Exception e) =>
        new(StatusCodes.Status503ServiceUnavailable, "models", $"The model store is not writable: {Relative(e.Message)}", e);

    /// <summary>The reason given for a file that failed to load: the exception's message, with server paths made relative.</summary>
    private string Describe(Exception e, string source)
    {
        string message = Relative(e.Message);
        return e is InvalidDataException ? message : $"Checkpoint {source} could not be loaded ({e.GetType().Name}): {message}";
    }

    /// <summary>Removes the server's absolute model and state paths from text that API clients may see.</summary>
    private string Relative(string text) =>
        text.Replace(_modelsRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            .Replace(_stateRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            .Replace(_modelsRoot, "<models>", StringComparison.Ordinal)
            .Replace(_stateRoot, "<state>", StringComparison.Ordinal);
}
