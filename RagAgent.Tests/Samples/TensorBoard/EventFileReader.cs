using System.Text;

namespace RagAgent.Tests.Samples.TensorBoard;

/// <summary>
/// A TFRecord + TensorFlow <c>Event</c> decoder written independently of the writer under test: the CRC-32C is
/// computed bit by bit (no table), the length and checksums are read with shifts (no BinaryPrimitives), and the
/// protobuf fields are parsed by hand from the wire format (no Google.Protobuf).
/// </summary>
internal static class EventFileReader
{
    /// <summary>Reads every record of <paramref name="bytes"/>, checking both masked CRCs; throws on any mismatch or truncation.</summary>
    public static List<byte[]> Records(byte[] bytes)
    {
        var records = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12)
            {
                throw new InvalidDataException($"truncated record header at byte {at}");
            }

            ulong length = 0;
            for (int i = 7; i >= 0; i--)
            {
                length = (length << 8) | bytes[at + i];
            }

            uint headerCrc = ReadUInt32(bytes, at + 8);
            if (headerCrc != MaskedCrc(bytes.AsSpan(at, 8)))
            {
                throw new InvalidDataException($"length CRC mismatch at byte {at}");
            }

            if ((ulong)(bytes.Length - at - 16) < length)
            {
                throw new InvalidDataException($"truncated record data at byte {at}");
            }

            byte[] data = bytes.AsSpan(at + 12, (int)length).ToArray();
            if (ReadUInt32(bytes, at + 12 + (int)length) != MaskedCrc(data))
            {
                throw new InvalidDataException($"data CRC mismatch at byte {at}");
            }

            records.Add(data);
            at += 16 + (int)length;
        }

        return records;
    }

    /// <summary>CRC-32C, bit by bit: reflected Castagnoli polynomial, initial value and final XOR all ones.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                uint lowBit = crc & 1;
                crc >>= 1;
                if (lowBit == 1)
                {
                    crc ^= 0x82F63B78u;
                }
            }
        }

        return crc ^ uint.MaxValue;
    }

    /// <summary>Parses one <c>Event</c> message.</summary>
    public static DecodedEvent Event(byte[] message)
    {
        double wallTime = double.NaN;
        long step = 0;
        string? fileVersion = null;
        var scalars = new Dictionary<string, float>();
        foreach ((int field, int wireType, object value) in Fields(message))
        {
            switch (field, wireType)
            {
                case (1, 1):
                    wallTime = BitConverter.Int64BitsToDouble((long)(ulong)value);
                    break;
                case (2, 0):
                    step = (long)(ulong)value;
                    break;
                case (3, 2):
                    fileVersion = Encoding.UTF8.GetString((byte[])value);
                    break;
                case (5, 2):
                    foreach ((int summaryField, int summaryWire, object entry) in Fields((byte[])value))
                    {
                        if (summaryField != 1 || summaryWire != 2)
                        {
                            throw new InvalidDataException($"Summary: unexpected field {summaryField}/{summaryWire}");
                        }

                        (string tag, float scalar) = SummaryValue((byte[])entry);
                        scalars.Add(tag, scalar);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Event: unexpected field {field} with wire type {wireType}");
            }
        }

        return new DecodedEvent(wallTime, step, fileVersion, scalars);
    }

    private static (string Tag, float Value) SummaryValue(byte[] message)
    {
        string? tag = null;
        float? scalar = null;
        foreach ((int field, int wireType, object value) in Fields(message))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    tag = Encoding.UTF8.GetString((byte[])value);
                    break;
                case (2, 5):
                    scalar = BitConverter.Int32BitsToSingle((int)(uint)value);
                    break;
                default:
                    throw new InvalidDataException($"Summary.Value: unexpected field {field} with wire type {wireType}");
            }
        }

        return (tag ?? throw new InvalidDataException("Summary.Value without tag"), scalar ?? throw new InvalidDataException($"Summary.Value '{tag}' without simple_value"));
    }

    /// <summary>The fields of a protobuf message: varints as ulong, fixed64 as ulong, fixed32 as uint, length-delimited as byte[].</summary>
    private static IEnumerable<(int Field, int WireType, object Value)> Fields(byte[] message)
    {
        int at = 0;
        while (at < message.Length)
        {
            ulong key = Varint(message, ref at);
            int field = (int)(key >> 3), wireType = (int)(key & 7);
            object value = wireType switch
            {
                0 => Varint(message, ref at),
                1 => Fixed(message, ref at, 8),
                2 => Bytes(message, ref at),
                5 => (uint)Fixed(message, ref at, 4),
                _ => throw new InvalidDataException($"unsupported wire type {wireType}"),
            };
            yield return (field, wireType, value);
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    private static ulong Fixed(byte[] data, ref int at, int size)
    {
        ulong result = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            result = (result << 8) | data[at + i];
        }

        at += size;
        return result;
    }

    private static byte[] Bytes(byte[] data, ref int at)
    {
        int length = checked((int)Varint(data, ref at));
        byte[] bytes = data.AsSpan(at, length).ToArray();
        at += length;
        return bytes;
    }

    private static uint ReadUInt32(byte[] bytes, int at) =>
        bytes[at] | ((uint)bytes[at + 1] << 8) | ((uint)bytes[at + 2] << 16) | ((uint)bytes[at + 3] << 24);

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }
}

/// <summary>One decoded <c>Event</c>.</summary>
internal sealed record DecodedEvent(double WallTime, long Step, string? FileVersion, IReadOnlyDictionary<string, float> Scalars);
