using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace RagAgent.Core.Tensors;

/// <summary>
/// Reads and writes the safetensors layout: an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to <c>{"dtype":"F32","shape":[…],"data_offsets":[begin,end]}</c> (plus an optional string map
/// <c>__metadata__</c>), then the raw little-endian float32 data. Files open in PyTorch with
/// <c>safetensors.torch.load_file</c>.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        using var headerJson = new MemoryStream();
        using (var writer = new Utf8JsonWriter(headerJson))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (NamedTensor tensor in tensors)
            {
                if (tensor.Name == MetadataKey || !names.Add(tensor.Name))
                {
                    throw new ArgumentException($"Tensor name '{tensor.Name}' is reserved or repeated.", nameof(tensors));
                }

                if (tensor.ElementCount != tensor.Data.Length)
                {
                    throw new ArgumentException(
                        $"Tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}] but {tensor.Data.Length} values.", nameof(tensors));
                }

                long bytes = (long)tensor.Data.Length * sizeof(float);
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }

            writer.WriteEndObject();
        }

        // Pad the header with spaces so the data starts 8-byte aligned, as the reference implementation does.
        int padding = (int)((8 - (headerJson.Length % 8)) % 8);
        for (int i = 0; i < padding; i++)
        {
            headerJson.WriteByte((byte)' ');
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)headerJson.Length);
        stream.Write(lengthBytes);
        headerJson.Position = 0;
        headerJson.CopyTo(stream);
        foreach (NamedTensor tensor in tensors)
        {
            WriteFloats(stream, tensor.Data);
        }
    }

    /// <summary>Reads every tensor and the metadata from <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed float32 safetensors file.</exception>
    public static SafeTensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"safetensors header length {headerLength} is outside (0, {MaxHeaderBytes}].");
        }

        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(header);
            foreach (JsonProperty property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (JsonProperty m in property.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                string dtype = property.Value.GetProperty("dtype").GetString() ?? string.Empty;
                if (dtype != "F32")
                {
                    throw new InvalidDataException($"Tensor '{property.Name}' has dtype {dtype}; only F32 is supported.");
                }

                int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                {
                    throw new InvalidDataException($"Tensor '{property.Name}' has bad data_offsets.");
                }

                entries.Add((property.Name, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("safetensors header is not valid JSON of the expected form: " + e.Message, e);
        }

        long dataLength = entries.Count == 0 ? 0 : entries.Max(e => e.End);
        byte[] data = new byte[dataLength];
        stream.ReadExactly(data);
        var tensors = new List<NamedTensor>(entries.Count);
        foreach ((string name, int[] shape, long begin, long end) in entries.OrderBy(e => e.Begin))
        {
            long count = 1;
            foreach (int d in shape)
            {
                if (d < 0)
                {
                    throw new InvalidDataException($"Tensor '{name}' has a negative dimension.");
                }

                count *= d;
            }

            if ((end - begin) != count * sizeof(float))
            {
                throw new InvalidDataException($"Tensor '{name}': shape [{string.Join(", ", shape)}] needs {count * sizeof(float)} bytes, offsets give {end - begin}.");
            }

            float[] values = new float[count];
            ReadFloats(data.AsSpan((int)begin, (int)(end - begin)), values);
            tensors.Add(new NamedTensor(name, shape, values));
        }

        return new SafeTensorsContent(tensors, metadata);
    }

    private static void WriteFloats(Stream stream, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        Span<byte> buffer = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
            stream.Write(buffer);
        }
    }

    private static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
        }
    }
}

/// <summary>Tensors and metadata read from a safetensors file.</summary>
/// <param name="Tensors">Tensors in file order.</param>
/// <param name="Metadata">The <c>__metadata__</c> string map (empty when absent).</param>
public readonly record struct SafeTensorsContent(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
