using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RagAgent.Core.Tensors;

namespace RagAgent.Core.Training;

/// <summary>
/// One checkpoint file: the policy weights (<c>policy.*</c>, float32), optionally the optimizer state
/// (<c>optimizer.*</c>) and trainer state (<c>trainer.*</c>) as typed tensors, in the safetensors layout. The
/// metadata holds the <see cref="CheckpointManifest"/> as JSON (<c>ragagent.manifest</c>), the optimizer's and the
/// trainer's integer counters as JSON objects (<c>ragagent.optimizer</c>, <c>ragagent.trainer</c>), and
/// <c>ragagent.sha256</c>: the SHA-256 of every other metadata entry and every tensor (name, dtype, shape, bytes), so
/// corruption anywhere in the file, optimizer and trainer state included, is detected on load. PyTorch users open
/// it with <c>safetensors.torch.load_file</c>.
/// </summary>
/// <remarks>
/// Format 1 (RagAgent 0.1.0) had float32 tensors only and hashed only the weights; such files still load, their
/// integer state converted to counters (see the manifest's <see cref="CheckpointManifest.FormatVersion"/>).
/// Loading rejects weights that are NaN or infinite, naming the tensor.
/// </remarks>
public static class CheckpointFile
{
    /// <summary>Metadata key holding the manifest JSON.</summary>
    public const string ManifestKey = "ragagent.manifest";

    /// <summary>Metadata key holding the optimizer's counters as a JSON object.</summary>
    public const string OptimizerCountersKey = "ragagent.optimizer";

    /// <summary>Metadata key holding the trainer's counters as a JSON object.</summary>
    public const string TrainerCountersKey = "ragagent.trainer";

    /// <summary>Metadata key holding the SHA-256 of the file's content (every other metadata entry and every tensor).</summary>
    public const string ContentHashKey = "ragagent.sha256";

    private const string WeightPrefix = "policy.";
    private const string OptimizerPrefix = "optimizer.";
    private const string TrainerPrefix = "trainer.";

    /// <summary>JSON options of the manifest.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };

    /// <summary>
    /// Writes a checkpoint atomically (temp file + rename): a crash never leaves a half-written file at
    /// <paramref name="path"/>. The manifest's <see cref="CheckpointManifest.WeightsSha256"/> and the content hash are
    /// computed here.
    /// </summary>
    public static void Save(string path, CheckpointContent content)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        ArgumentNullException.ThrowIfNull(content.Weights);
        CheckpointManifest manifest = content.Manifest with
        {
            FormatVersion = CheckpointManifest.CurrentFormatVersion,
            WeightsSha256 = HashWeights(content.Weights),
        };
        var tensors = new List<StateTensor>();
        tensors.AddRange(content.Weights.Select(t => StateTensor.FromNamedTensor(t with { Name = WeightPrefix + t.Name })));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManifestKey] = JsonSerializer.Serialize(manifest, JsonOptions),
        };
        AddState(content.OptimizerState, OptimizerPrefix, OptimizerCountersKey, tensors, metadata);
        AddState(content.TrainerState, TrainerPrefix, TrainerCountersKey, tensors, metadata);
        metadata[ContentHashKey] = HashContent(metadata, tensors);
        AtomicFile.Write(path, stream => SafeTensors.Write(stream, tensors, metadata));
    }

    /// <summary>Reads a checkpoint and verifies its hashes.</summary>
    /// <exception cref="InvalidDataException">The file is not a RagAgent checkpoint, is corrupt (names what), or its
    /// weights are not finite.</exception>
    public static CheckpointContent Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads a checkpoint from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The data is not a RagAgent checkpoint, is corrupt (names what), or its
    /// weights are not finite.</exception>
    public static CheckpointContent Load(Stream stream, string sourceName)
    {
        SafeTensorsContent file;
        try
        {
            file = SafeTensors.Read(stream);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' is truncated.", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' is not a valid safetensors file: {e.Message}", e);
        }

        CheckpointManifest manifest = ReadManifest(file.Metadata, sourceName);
        if (manifest.FormatVersion >= 2)
        {
            VerifyContentHash(file, sourceName);
        }

        IReadOnlyList<NamedTensor> weights;
        try
        {
            weights = [.. Strip(file.Tensors, WeightPrefix).Select(t => t.ToNamedTensor())];
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}': {e.Message} Weights are float32.", e);
        }

        string hash = HashWeights(weights);
        if (!string.Equals(hash, manifest.WeightsSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Checkpoint '{sourceName}' weights SHA-256 {hash} does not match the manifest's {manifest.WeightsSha256}: the file is corrupt.");
        }

        RequireFinite(weights, sourceName);
        List<StateTensor> optimizer = Strip(file.Tensors, OptimizerPrefix);
        List<StateTensor> trainer = Strip(file.Tensors, TrainerPrefix);
        if (manifest.FormatVersion == 1)
        {
            return new CheckpointContent(
                manifest,
                weights,
                optimizer.Count == 0 ? null : LegacyCheckpointState.Optimizer(optimizer),
                trainer.Count == 0 ? null : LegacyCheckpointState.Trainer(trainer));
        }

        return new CheckpointContent(
            manifest,
            weights,
            ReadState(file.Metadata, OptimizerCountersKey, optimizer, sourceName),
            ReadState(file.Metadata, TrainerCountersKey, trainer, sourceName));
    }

    /// <summary>Lower-case hex SHA-256 over each tensor's name, shape and little-endian float32 data, in order.</summary>
    public static string HashWeights(IReadOnlyList<NamedTensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> word = stackalloc byte[4];
        foreach (NamedTensor tensor in weights)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(tensor.Name));
            foreach (int d in tensor.Shape)
            {
                BinaryPrimitives.WriteInt32LittleEndian(word, d);
                hash.AppendData(word);
            }

            if (BitConverter.IsLittleEndian)
            {
                hash.AppendData(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            }
            else
            {
                foreach (float v in tensor.Data)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(word, v);
                    hash.AppendData(word);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static CheckpointManifest ReadManifest(IReadOnlyDictionary<string, string> metadata, string sourceName)
    {
        if (!metadata.TryGetValue(ManifestKey, out string? json))
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' has no '{ManifestKey}' metadata: not written by RagAgent.");
        }

        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(json, JsonOptions)
                ?? throw new InvalidDataException($"Checkpoint '{sourceName}' has an empty manifest.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' has a malformed manifest: {e.Message}", e);
        }

        if (manifest.FormatVersion is < 1 or > CheckpointManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"Checkpoint '{sourceName}' has format version {manifest.FormatVersion}; this library reads versions 1 to {CheckpointManifest.CurrentFormatVersion}.");
        }

        if (manifest.Spec is null || manifest.Policy is null)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' has a manifest without its spec or policy options.");
        }

        try
        {
            manifest.Spec.Validate();
            manifest.Policy.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' has an invalid manifest: {e.Message}", e);
        }

        return manifest;
    }

    private static void VerifyContentHash(SafeTensorsContent file, string sourceName)
    {
        if (!file.Metadata.TryGetValue(ContentHashKey, out string? stored))
        {
            throw new InvalidDataException($"Checkpoint '{sourceName}' has no '{ContentHashKey}' metadata: it is incomplete or corrupt.");
        }

        var others = file.Metadata.Where(p => p.Key != ContentHashKey).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var inWriteOrder = file.Tensors.ToList();
        string actual = HashContent(others, inWriteOrder);
        if (!string.Equals(actual, stored, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Checkpoint '{sourceName}' content SHA-256 {actual} does not match the stored {stored}: the file (weights, optimizer or trainer state, or manifest) is corrupt.");
        }
    }

    // SHA-256 over the metadata entries in ordinal key order and the tensors in data order, each field length-prefixed.
    private static string HashContent(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<StateTensor> tensors)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> word = stackalloc byte[8];
        foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendText(hash, pair.Key);
            AppendText(hash, pair.Value);
        }

        foreach (StateTensor tensor in tensors)
        {
            AppendText(hash, tensor.Name);
            AppendText(hash, TensorDTypes.Name(tensor.DType));
            BinaryPrimitives.WriteInt64LittleEndian(word, tensor.Shape.Length);
            hash.AppendData(word);
            foreach (int d in tensor.Shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(word, d);
                hash.AppendData(word);
            }

            BinaryPrimitives.WriteInt64LittleEndian(word, tensor.Bytes.Length);
            hash.AppendData(word);
            hash.AppendData(tensor.Bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    private static void AddState(StateDict? state, string prefix, string countersKey, List<StateTensor> tensors, Dictionary<string, string> metadata)
    {
        if (state is null || state.IsEmpty)
        {
            return;
        }

        metadata[countersKey] = JsonSerializer.Serialize(state.Counters, JsonOptions);
        tensors.AddRange(state.Tensors.Select(t => t.Renamed(prefix + t.Name)));
    }

    private static StateDict? ReadState(IReadOnlyDictionary<string, string> metadata, string countersKey, List<StateTensor> tensors, string sourceName)
    {
        Dictionary<string, long> counters = [];
        if (metadata.TryGetValue(countersKey, out string? json))
        {
            try
            {
                counters = JsonSerializer.Deserialize<Dictionary<string, long>>(json, JsonOptions)
                    ?? throw new InvalidDataException($"Checkpoint '{sourceName}' has an empty '{countersKey}'.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Checkpoint '{sourceName}' has malformed '{countersKey}' counters: {e.Message}", e);
            }
        }

        return counters.Count == 0 && tensors.Count == 0 ? null : new StateDict(counters, tensors);
    }

    private static void RequireFinite(IReadOnlyList<NamedTensor> weights, string sourceName)
    {
        foreach (NamedTensor tensor in weights)
        {
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                if (!float.IsFinite(tensor.Data[i]))
                {
                    throw new InvalidDataException(
                        $"Checkpoint '{sourceName}' weight '{tensor.Name}'[{i}] is {tensor.Data[i]}; every weight must be finite.");
                }
            }
        }
    }

    private static List<StateTensor> Strip(IReadOnlyList<StateTensor> tensors, string prefix) =>
        tensors.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => t.Renamed(t.Name[prefix.Length..]))
            .ToList();
}

/// <summary>Everything a checkpoint holds.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Weights">Policy weights by name (as <see cref="Policies.IActorCritic.ExportWeights"/> gives them).</param>
/// <param name="OptimizerState">Optimizer state for resuming training, or null.</param>
/// <param name="TrainerState">Trainer state (counters, episode statistics, the envs' state) for resuming, or null.</param>
public readonly record struct CheckpointContent(
    CheckpointManifest Manifest,
    IReadOnlyList<NamedTensor> Weights,
    StateDict? OptimizerState = null,
    StateDict? TrainerState = null);
