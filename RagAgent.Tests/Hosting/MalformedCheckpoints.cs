using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Hosting;

/// <summary>
/// Real (mlp) checkpoints of a flat spec and the malformed variants of issue 12, fault 1 and 2, built by rewriting
/// the safetensors header of a valid file.
/// </summary>
internal static class MalformedCheckpoints
{
    /// <summary>4 globals, 2 actions: the observation is <c>{"globals": [4], "actionMask": [2]}</c>.</summary>
    public static readonly EnvSpec Spec = new() { Id = "flat-test", GlobalFeatureSize = 4, ExtraActions = 2 };

    /// <summary>The malformed variants by name.</summary>
    public static readonly string[] Names = ["offset-2-40", "shape-overflow", "hidden-46341", "nan-weights"];

    /// <summary>A valid checkpoint of an mlp policy for <see cref="Spec"/>.</summary>
    public static byte[] Valid() => TestPolicy.Bytes(Content(nan: false));

    /// <summary>The variant called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static byte[] Make(string name) => name switch
    {
        // A tensor whose data lies at offset 2^40 of a file of a few kilobytes.
        "offset-2-40" => EditHeader(Valid(), (header, dataLength) =>
            header["policy.evil"] = Tensor([1], 1L << 40, (1L << 40) + 4), extraData: 0),

        // Shape [5, 5581, 8681, 49477, 384773]: the product is 2^62 + 1, whose byte size 2^64 + 4 wraps to 4 in 64 bits.
        "shape-overflow" => EditHeader(Valid(), (header, dataLength) =>
            header["policy.evil"] = Tensor([5, 5581, 8681, 49477, 384773], dataLength, dataLength + 4), extraData: 4),

        // A manifest asking for hidden sizes [46341, 46341] (a 2^31-weight layer) over the small file's weights, with
        // valid hashes (the file's content hash covers the manifest, so an edited manifest alone fails earlier).
        "hidden-46341" => TestPolicy.Bytes(WithHiddenSizes(Content(nan: false), [46341, 46341])),

        // NaN and infinite weights with a valid SHA-256.
        "nan-weights" => TestPolicy.Bytes(Content(nan: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown variant"),
    };

    private static CheckpointContent WithHiddenSizes(CheckpointContent content, int[] hidden) =>
        content with { Manifest = content.Manifest with { Policy = content.Manifest.Policy with { HiddenSizes = hidden } } };

    private static CheckpointContent Content(bool nan)
    {
        var options = new PolicyOptions { HiddenSizes = [8, 8] };
        IActorCritic policy = PolicyFactory.Create(Spec, options, seed: 3);
        var weights = policy.ExportWeights().ToList();
        if (nan)
        {
            weights[0].Data[1] = float.NaN;
            weights[^1].Data[0] = float.PositiveInfinity;
        }

        return new CheckpointContent(new CheckpointManifest { Policy = options, Spec = Spec }, weights);
    }

    private static JsonObject Tensor(int[] shape, long begin, long end) => new()
    {
        ["dtype"] = "F32",
        ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
        ["data_offsets"] = new JsonArray(begin, end),
    };

    /// <summary>Rewrites the JSON header (given the data section's length) and appends <paramref name="extraData"/> zero bytes.</summary>
    private static byte[] EditHeader(byte[] file, Action<JsonObject, long> edit, int extraData)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        JsonObject header = JsonNode.Parse(file.AsSpan(8, headerLength))!.AsObject();
        byte[] data = file[(8 + headerLength)..];
        edit(header, data.Length);
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        output.Write(length);
        output.Write(json);
        output.Write(data);
        output.Write(new byte[extraData]);
        return output.ToArray();
    }
}
