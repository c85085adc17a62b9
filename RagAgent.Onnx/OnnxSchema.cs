using System.Buffers.Binary;

namespace RagAgent.Onnx;

/// <summary>
/// The parts of the ONNX schema (<c>onnx.proto</c>, IR version <see cref="IrVersion"/>) the exporter writes, as
/// field numbers and encoders of whole messages:
/// <code>
/// ModelProto       { int64 ir_version = 1; string producer_name = 2; string producer_version = 3;
///                    string doc_string = 6; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
/// OperatorSetIdProto { string domain = 1; int64 version = 2; }
/// GraphProto       { repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5;
///                    repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
/// NodeProto        { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4;
///                    repeated AttributeProto attribute = 5; }
/// AttributeProto   { string name = 1; float f = 2; int64 i = 3; repeated int64 ints = 8; AttributeType type = 20; }
/// TensorProto      { repeated int64 dims = 1; int32 data_type = 2; string name = 8; bytes raw_data = 9; }
/// ValueInfoProto   { string name = 1; TypeProto type = 2; string doc_string = 3; }
/// TypeProto        { TypeProto.Tensor tensor_type = 1; }   Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
/// TensorShapeProto { repeated Dimension dim = 1; }         Dimension { int64 dim_value = 1; string dim_param = 2; }
/// </code>
/// </summary>
internal static class OnnxSchema
{
    /// <summary>The ONNX IR version written (8: ONNX 1.10+, read by every ONNX Runtime since 1.10).</summary>
    public const long IrVersion = 8;

    /// <summary>Element types (<c>TensorProto.DataType</c>).</summary>
    public const int Float = 1;

    /// <summary>64-bit signed integer element type.</summary>
    public const int Int64 = 7;

    /// <summary>Boolean element type.</summary>
    public const int Bool = 9;

    private const int AttributeFloat = 1;
    private const int AttributeInt = 2;
    private const int AttributeInts = 7;

    /// <summary>A float tensor stored as little-endian raw data.</summary>
    /// <param name="name">Initializer name.</param>
    /// <param name="dims">Shape.</param>
    /// <param name="data">Values in row-major order; their count must be the product of <paramref name="dims"/>.</param>
    public static ProtoMessage FloatTensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> data)
    {
        byte[] raw = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), data[i]);
        }

        return Tensor(name, dims, Float, raw);
    }

    /// <summary>An int64 tensor stored as little-endian raw data.</summary>
    public static ProtoMessage Int64Tensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<long> data)
    {
        byte[] raw = new byte[data.Length * sizeof(long)];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), data[i]);
        }

        return Tensor(name, dims, Int64, raw);
    }

    /// <summary>A graph input or output: name, element type and shape; a negative dimension is the symbolic <c>batch</c>.</summary>
    public static ProtoMessage ValueInfo(string name, int elementType, IReadOnlyList<long> shape, string doc)
    {
        var dimensions = new ProtoMessage();
        foreach (long dim in shape)
        {
            var dimension = dim < 0 ? new ProtoMessage().String(2, "batch") : new ProtoMessage().Int64(1, dim);
            dimensions.Message(1, dimension);
        }

        var tensorType = new ProtoMessage().Int64(1, elementType).Message(2, dimensions);
        return new ProtoMessage().String(1, name).Message(2, new ProtoMessage().Message(1, tensorType)).String(3, doc);
    }

    /// <summary>A node: operator, inputs, outputs and attributes.</summary>
    public static ProtoMessage Node(string opType, string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<ProtoMessage> attributes)
    {
        var node = new ProtoMessage();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, name).String(4, opType);
        foreach (ProtoMessage attribute in attributes)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    /// <summary>An integer attribute.</summary>
    public static ProtoMessage IntAttribute(string name, long value) =>
        new ProtoMessage().String(1, name).Int64(3, value).Int64(20, AttributeInt);

    /// <summary>A float attribute.</summary>
    public static ProtoMessage FloatAttribute(string name, float value) =>
        new ProtoMessage().String(1, name).Float(2, value).Int64(20, AttributeFloat);

    /// <summary>An integer-list attribute.</summary>
    public static ProtoMessage IntsAttribute(string name, IReadOnlyList<long> values)
    {
        var attribute = new ProtoMessage().String(1, name);
        foreach (long value in values)
        {
            attribute.Int64(8, value);
        }

        return attribute.Int64(20, AttributeInts);
    }

    /// <summary>The graph: nodes, name, initializers, inputs and outputs.</summary>
    public static ProtoMessage Graph(string name, IReadOnlyList<ProtoMessage> nodes, IReadOnlyList<ProtoMessage> initializers, IReadOnlyList<ProtoMessage> inputs, IReadOnlyList<ProtoMessage> outputs)
    {
        var graph = new ProtoMessage();
        foreach (ProtoMessage node in nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, name);
        foreach (ProtoMessage initializer in initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (ProtoMessage input in inputs)
        {
            graph.Message(11, input);
        }

        foreach (ProtoMessage output in outputs)
        {
            graph.Message(12, output);
        }

        return graph;
    }

    /// <summary>The model: IR version, producer, documentation, graph and the default-domain opset.</summary>
    public static ProtoMessage Model(ProtoMessage graph, string producerVersion, string doc, long opset) =>
        new ProtoMessage()
            .Int64(1, IrVersion)
            .String(2, "RagAgent")
            .String(3, producerVersion)
            .String(6, doc)
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, string.Empty).Int64(2, opset));

    private static ProtoMessage Tensor(string name, IReadOnlyList<long> dims, int dataType, byte[] raw)
    {
        var tensor = new ProtoMessage();
        foreach (long dim in dims)
        {
            tensor.Int64(1, dim);
        }

        return tensor.Int64(2, dataType).String(8, name).Bytes(9, raw);
    }
}
