using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RagAgent.Core.Tensors;

namespace RagAgent.Core.Training;

/// <summary>
/// One checkpoint file: the policy weights (<c>policy.*</c>), optionally the optimizer state (<c>optimizer.*</c>)
/// and trainer state (<c>trainer.*</c>) in the safetensors layout, with the <see cref="CheckpointManifest"/> as JSON
/// under the metadata key <c>ragagent.manifest</c>. PyTorch users open it with <c>safetensors.torch.load_file</c>.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Metadata key holding the manifest JSON.</summary>
    public const string ManifestKey = "ragagent.manifest";

    private const string WeightPrefix = "policy.";
    private const string OptimizerPrefix = "optimizer.";
    private const string TrainerPrefix = "trainer.";

    /// <summary>JSON options of the manifest.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };

    /// <summary>
    /// Writes a checkpoint atomically (temp file + rename): a crash never leaves a half-written file at
    /// <paramref name="path"/>. The manifest's <see cref="CheckpointManifest.WeightsSha256"/> is computed here.
    /// </summary>
    public static void Save(string path, CheckpointContent content)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        ArgumentNullException.ThrowIfNull(content.Weights);
        CheckpointManifest manifest = content.Manifest with { WeightsSha256 = HashWeights(content.Weights) };
        var tensors = new List<NamedTensor>();
        tensors.AddRange(content.Weights.Select(t => t with { Name = WeightPrefix + t.Name }));
        tensors.AddRange((content.OptimizerState ?? []).Select(t => t with { Name = OptimizerPrefix + t.Name }));
        tensors.AddRange((content.TrainerState ?? []).Select(t => t with { Name = TrainerPrefix + t.Name }));
        var metadata = new Dictionary<string, string> { [ManifestKey] = JsonSerializer.Serialize(manifest, JsonOptions) };
        AtomicFile.Write(path, stream => SafeTensors.Write(stream, tensors, metadata));
    }

    /// <summary>Reads a checkpoint and verifies the manifest and the weights' SHA-256.</summary>
    /// <exception cref="InvalidDataException">The file is not a RagAgent checkpoint, is corrupt, or its hash does not match.</exception>
    public static CheckpointContent Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads a checkpoint from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The data is not a RagAgent checkpoint, is corrupt, or its hash does not match.</exception>
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

        if (!file.Metadata.TryGetValue(ManifestKey, out string? json))
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

        if (manifest.FormatVersion != CheckpointManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"Checkpoint '{sourceName}' has format version {manifest.FormatVersion}; this library reads version {CheckpointManifest.CurrentFormatVersion}.");
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

        IReadOnlyList<NamedTensor> weights = Strip(file.Tensors, WeightPrefix);
        string hash = HashWeights(weights);
        if (!string.Equals(hash, manifest.WeightsSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Checkpoint '{sourceName}' weights SHA-256 {hash} does not match the manifest's {manifest.WeightsSha256}: the file is corrupt.");
        }

        return new CheckpointContent(manifest, weights, Strip(file.Tensors, OptimizerPrefix), Strip(file.Tensors, TrainerPrefix));
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

    private static List<NamedTensor> Strip(IReadOnlyList<NamedTensor> tensors, string prefix) =>
        tensors.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => t with { Name = t.Name[prefix.Length..] })
            .ToList();
}

/// <summary>Everything a checkpoint holds.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Weights">Policy weights by name (as <see cref="Policies.IActorCritic.ExportWeights"/> gives them).</param>
/// <param name="OptimizerState">Optimizer state for resuming training, or empty.</param>
/// <param name="TrainerState">Trainer state (step counters, RNG, normalisation statistics) for resuming, or empty.</param>
public readonly record struct CheckpointContent(
    CheckpointManifest Manifest,
    IReadOnlyList<NamedTensor> Weights,
    IReadOnlyList<NamedTensor>? OptimizerState = null,
    IReadOnlyList<NamedTensor>? TrainerState = null);
