using Google.Protobuf;

namespace RagAgent.Onnx;

/// <summary>
/// One protobuf message being encoded, field by field, with Google.Protobuf's <see cref="CodedOutputStream"/>.
/// Nested messages are encoded first and written as length-delimited fields of their parent, so no sizes need to be
/// computed in advance. Used for the few ONNX messages the exporter writes (see <see cref="OnnxSchema"/>).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<byte[]> _fields = [];

    /// <summary>A varint field (int32, int64 and enum values).</summary>
    public ProtoMessage Int64(int field, long value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    });

    /// <summary>A fixed32 float field.</summary>
    public ProtoMessage Float(int field, float value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    });

    /// <summary>A UTF-8 string field.</summary>
    public ProtoMessage String(int field, string value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    });

    /// <summary>A bytes field.</summary>
    public ProtoMessage Bytes(int field, byte[] value) => Write(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    });

    /// <summary>An embedded message field.</summary>
    public ProtoMessage Message(int field, ProtoMessage message) => Bytes(field, message.ToArray());

    /// <summary>The message's encoding.</summary>
    public byte[] ToArray()
    {
        byte[] message = new byte[_fields.Sum(f => f.Length)];
        int offset = 0;
        foreach (byte[] field in _fields)
        {
            field.CopyTo(message, offset);
            offset += field.Length;
        }

        return message;
    }

    private ProtoMessage Write(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        _fields.Add(buffer.ToArray());
        return this;
    }
}
