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
        Assert.That(read.Tensors[0].ToFloat32().Select(BitConverter.SingleToInt32Bits),
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
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes)));
        Assert.That(e!.Message, Does.Contain("'w'").And.Contain("data_offsets"));
    }

    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[1099511627776,1099511627780]}}", "data_offsets")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,4],\"data_offsets\":[0,4]}}", "more elements")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "dimension -1")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", "overlap")]
    [TestCase("{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", "dtype F16")]
    public void Read_MalformedHeader_ThrowsBeforeAllocatingNamingTheProblem(string header, string expected)
    {
        byte[] file = FileWith(header, dataBytes: 8);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(file)));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void Read_HeaderLengthBeyondTheFile_ThrowsInvalidData()
    {
        byte[] file = FileWith("{}", dataBytes: 0);
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), 1L << 40);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(file)));
        Assert.That(e!.Message, Does.Contain("header length"));
    }

    [Test]
    public void Read_NonSeekableStreamThatLiesAboutItsSize_EndsWithoutAllocatingTheClaim()
    {
        // A 1 GiB tensor claimed by a header followed by 16 bytes: the reader must fail at the end of the stream
        // having allocated about what was sent, not the claimed gigabyte.
        byte[] file = FileWith("{\"w\":{\"dtype\":\"U8\",\"shape\":[1073741824],\"data_offsets\":[0,1073741824]}}", dataBytes: 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<EndOfStreamException>(() => SafeTensors.Read(new NonSeekableStream(file)));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16L << 20));
    }

    [Test]
    public void WriteRead_EveryDType_RoundTripsExactly()
    {
        StateTensor[] tensors =
        [
            StateTensor.Float32("f", [1.5f, float.MaxValue]),
            StateTensor.Int32("i", [int.MinValue, 7]),
            StateTensor.Int64("l", [long.MaxValue, -3]),
            StateTensor.UInt8("b", [0, 255, 17]),
        ];
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors);
        stream.Position = 0;
        SafeTensorsContent read = SafeTensors.Read(stream);

        Assert.That(read.Tensors.Select(t => t.DType), Is.EqualTo(new[] { TensorDType.F32, TensorDType.I32, TensorDType.I64, TensorDType.U8 }));
        Assert.That(read.Tensors[0].ToFloat32(), Is.EqualTo(new[] { 1.5f, float.MaxValue }));
        Assert.That(read.Tensors[1].ToInt32(), Is.EqualTo(new[] { int.MinValue, 7 }));
        Assert.That(read.Tensors[2].ToInt64(), Is.EqualTo(new[] { long.MaxValue, -3 }));
        Assert.That(read.Tensors[3].ToUInt8(), Is.EqualTo(new byte[] { 0, 255, 17 }));
        var e = Assert.Throws<InvalidDataException>(() => read.Tensors[3].ToFloat32());
        Assert.That(e!.Message, Does.Contain("'b'").And.Contain("U8"));
    }

    private static byte[] FileWith(string header, int dataBytes)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
        byte[] file = new byte[8 + json.Length + dataBytes];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (long)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Test]
    public void Read_GarbageHeader_ThrowsInvalidDataNamingTheProblem()
    {
        byte[] bytes = [.. BitConverter.GetBytes(5L), .. "{bad}"u8.ToArray()];
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes)));
        Assert.That(error!.Message, Does.Contain("header"));
    }
}
