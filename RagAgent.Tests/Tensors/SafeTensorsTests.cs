using RagAgent.Core.Tensors;

namespace RagAgent.Tests.Tensors;

public sealed class SafeTensorsTests
{
    [Test]
    public void WriteThenRead_RoundTripsTensorsAndMetadataExactly()
    {
        var tensors = new[]
        {
            new NamedTensor("a.weight", [2, 3], [1f, -2.5f, float.Epsilon, 3.4e38f, -0f, 0.1f]),
            new NamedTensor("b", [4], [4f, 5f, 6f, 7f]),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "1", ["env"] = "graph-nav" };
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors, metadata);
        stream.Position = 0;
        SafeTensorsContent read = SafeTensors.Read(stream);

        Assert.That(read.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "a.weight", "b" }));
        Assert.That(read.Tensors[0].Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(read.Tensors[0].Data.Select(BitConverter.SingleToInt32Bits),
            Is.EqualTo(tensors[0].Data.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(read.Metadata, Is.EquivalentTo(metadata));
    }

    [Test]
    public void Write_HeaderFollowsSafetensorsLayout()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, [new NamedTensor("w", [2], [1f, 2f])]);
        byte[] bytes = stream.ToArray();
        long headerLength = BitConverter.ToInt64(bytes, 0);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);

        Assert.That((8 + headerLength) % 8, Is.Zero, "data must start 8-byte aligned");
        Assert.That(header.TrimEnd(), Is.EqualTo("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"));
        Assert.That(BitConverter.ToSingle(bytes, 8 + (int)headerLength + 4), Is.EqualTo(2f));
    }

    [Test]
    public void Read_TruncatedData_ThrowsInvalidData()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, [new NamedTensor("w", [3], [1f, 2f, 3f])]);
        byte[] bytes = stream.ToArray()[..^4];
        Assert.Throws<EndOfStreamException>(() => SafeTensors.Read(new MemoryStream(bytes)));
    }

    [Test]
    public void Read_GarbageHeader_ThrowsInvalidDataNamingTheProblem()
    {
        byte[] bytes = [.. BitConverter.GetBytes(5L), .. "{bad}"u8.ToArray()];
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes)));
        Assert.That(error!.Message, Does.Contain("header"));
    }
}
