using System.Buffers.Binary;
using System.Text.Json;

namespace RagAgent.Core.Tensors;

/// <summary>
/// Reads and writes the safetensors layout: an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to <c>{"dtype":"F32","shape":[…],"data_offsets":[begin,end]}</c> (plus an optional string map
/// <c>__metadata__</c>), then the raw little-endian data. Files open in PyTorch with <c>safetensors.torch.load_file</c>.
/// Dtypes: F32, I32, I64 and U8 (<see cref="TensorDType"/>).
/// </summary>
/// <remarks>
/// Files are untrusted input: <see cref="Read"/> checks the header length, every dtype, shape and offset (with
/// overflow-safe arithmetic) against the bytes actually available before it allocates anything sized by the file,
/// and requires the tensors' byte ranges not to overlap.
/// </remarks>
public static class SafeTensors
{
    /// <summary>Largest header this reader accepts (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const string MetadataKey = "__metadata__";
    private const int CopyChunkBytes = 1 << 20;

    /// <summary>Writes float32 <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A name is repeated or reserved, or a tensor's data does not match its shape.</exception>
    public static void Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var typed = new StateTensor[tensors.Count];
        for (int i = 0; i < typed.Length; i++)
        {
            NamedTensor t = tensors[i];
            if (t.ElementCount != t.Data.Length)
            {
                throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}] but {t.Data.Length} values.", nameof(tensors));
            }

            typed[i] = StateTensor.FromNamedTensor(t);
        }

        Write(stream, typed, metadata);
    }

    /// <summary>Writes <paramref name="tensors"/> of any dtype and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A name is repeated or reserved.</exception>
    public static void Write(Stream stream, IReadOnlyList<StateTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
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
            foreach (StateTensor tensor in tensors)
            {
                if (tensor.Name == MetadataKey || !names.Add(tensor.Name))
                {
                    throw new ArgumentException($"Tensor name '{tensor.Name}' is reserved or repeated.", nameof(tensors));
                }

                long bytes = tensor.Bytes.Length;
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", TensorDTypes.Name(tensor.DType));
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
        foreach (StateTensor tensor in tensors)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>Reads every tensor and the metadata from <paramref name="stream"/>.</summary>
    /// <param name="stream">The file. When it can seek, sizes are checked against its length before reading; otherwise
    /// the data is read in chunks, so a header that lies costs at most the bytes really sent.</param>
    /// <param name="maxBytes">Largest data section accepted (default: no limit beyond the stream's length).</param>
    /// <exception cref="InvalidDataException">The stream is not a well-formed safetensors file of supported dtypes,
    /// or a size, shape or offset does not fit (names the tensor).</exception>
    /// <exception cref="EndOfStreamException">The stream ends before the sizes its header declares.</exception>
    public static SafeTensorsContent Read(Stream stream, long maxBytes = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long available = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || (long)headerLength > available - 8)
        {
            throw new InvalidDataException(
                $"safetensors header length {headerLength} is outside (0, {Math.Min(MaxHeaderBytes, Math.Max(available - 8, 0))}] (the limit and the bytes after the length field).");
        }

        byte[] header = ReadBytes(stream, (long)headerLength);
        long dataAvailable = Math.Min(available - 8 - (long)headerLength, maxBytes);
        (Dictionary<string, string> metadata, List<Entry> entries) = ParseHeader(header, dataAvailable);
        // Each tensor is read into its own array, in data order (gaps skipped): the data section is never held twice.
        var tensors = new List<StateTensor>(entries.Count);
        long position = 0;
        foreach (Entry e in entries)
        {
            Skip(stream, e.Begin - position);
            tensors.Add(new StateTensor(e.Name, e.DType, e.Shape, ReadBytes(stream, e.End - e.Begin)));
            position = e.End;
        }

        return new SafeTensorsContent(tensors, metadata);
    }

    private static (Dictionary<string, string> Metadata, List<Entry> Entries) ParseHeader(byte[] header, long dataAvailable)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
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

                entries.Add(ParseEntry(property, dataAvailable));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("safetensors header is not valid JSON of the expected form: " + e.Message, e);
        }

        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        for (int i = 1; i < entries.Count; i++)
        {
            if (entries[i].Begin < entries[i - 1].End)
            {
                throw new InvalidDataException($"Tensors '{entries[i - 1].Name}' and '{entries[i].Name}' overlap in the data section.");
            }
        }

        return (metadata, entries);
    }

    private static Entry ParseEntry(JsonProperty property, long dataAvailable)
    {
        string name = property.Name;
        string? dtypeName = property.Value.GetProperty("dtype").GetString();
        if (!TensorDTypes.TryParse(dtypeName, out TensorDType dtype))
        {
            throw new InvalidDataException($"Tensor '{name}' has dtype {dtypeName}; this reader supports F32, I32, I64 and U8.");
        }

        var shape = new List<int>();
        long count = 1;
        foreach (JsonElement d in property.Value.GetProperty("shape").EnumerateArray())
        {
            if (!d.TryGetInt64(out long dim) || dim < 0 || dim > int.MaxValue)
            {
                throw new InvalidDataException($"Tensor '{name}' has dimension {d.GetRawText()}; expected an integer in [0, {int.MaxValue}].");
            }

            // count stays <= int.MaxValue before each multiplication, and dim <= int.MaxValue, so the product fits a long.
            count *= dim;
            if (count > int.MaxValue / TensorDTypes.SizeOf(dtype))
            {
                throw new InvalidDataException($"Tensor '{name}': its shape holds more elements than this reader accepts ({int.MaxValue / TensorDTypes.SizeOf(dtype)}).");
            }

            shape.Add((int)dim);
        }

        JsonElement[] offsets = [.. property.Value.GetProperty("data_offsets").EnumerateArray()];
        if (offsets.Length != 2 || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end)
            || begin < 0 || end < begin || end > dataAvailable)
        {
            throw new InvalidDataException(
                $"Tensor '{name}' has data_offsets {property.Value.GetProperty("data_offsets").GetRawText()}; expected [begin, end] with 0 <= begin <= end <= {dataAvailable} (the data section's length).");
        }

        long needed = count * TensorDTypes.SizeOf(dtype);
        if (end - begin != needed)
        {
            throw new InvalidDataException(
                $"Tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeName} needs {needed} bytes; data_offsets give {end - begin}.");
        }

        return new Entry(name, dtype, [.. shape], begin, end);
    }

    // Reads exactly `length` bytes, growing the buffer chunk by chunk so that a length the stream does not back is
    // never allocated up front.
    private static byte[] ReadBytes(Stream stream, long length)
    {
        if (length <= CopyChunkBytes)
        {
            byte[] small = new byte[length];
            stream.ReadExactly(small);
            return small;
        }

        if (stream.CanSeek)
        {
            byte[] all = new byte[length];
            stream.ReadExactly(all);
            return all;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[CopyChunkBytes];
        long left = length;
        while (left > 0)
        {
            int want = (int)Math.Min(left, chunk.Length);
            stream.ReadExactly(chunk, 0, want);
            buffer.Write(chunk, 0, want);
            left -= want;
        }

        return buffer.ToArray();
    }

    private static void Skip(Stream stream, long count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            int n = (int)Math.Min(count, scratch.Length);
            stream.ReadExactly(scratch[..n]);
            count -= n;
        }
    }

    private sealed record Entry(string Name, TensorDType DType, int[] Shape, long Begin, long End);
}

/// <summary>Tensors and metadata read from a safetensors file.</summary>
/// <param name="Tensors">Tensors in data order.</param>
/// <param name="Metadata">The <c>__metadata__</c> string map (empty when absent).</param>
public readonly record struct SafeTensorsContent(IReadOnlyList<StateTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
