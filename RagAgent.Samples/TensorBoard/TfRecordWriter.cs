using System.Buffers.Binary;

namespace RagAgent.Samples.TensorBoard;

/// <summary>
/// Appends TFRecord records to a stream: the data length as a little-endian uint64, the masked CRC-32C of those 8
/// bytes, the data, and the masked CRC-32C of the data (both little-endian uint32). Each record is flushed, so a reader
/// (TensorBoard) sees it at once and a crash loses at most the record being written.
/// </summary>
internal sealed class TfRecordWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _footer = new byte[4];

    /// <summary>Writes to <paramref name="stream"/>, which the writer then owns.</summary>
    public TfRecordWriter(Stream stream) => _stream = stream;

    /// <summary>Appends one record holding <paramref name="data"/> and flushes it.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32C.Mask(Crc32C.Compute(_header.AsSpan(0, 8))));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32C.Mask(Crc32C.Compute(data)));
        _stream.Write(_header);
        _stream.Write(data);
        _stream.Write(_footer);
        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
