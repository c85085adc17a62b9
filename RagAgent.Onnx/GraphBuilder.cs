using System.Globalization;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;

namespace RagAgent.Onnx;

/// <summary>
/// Collects the nodes, initializers, inputs and outputs of one ONNX graph. Intermediate values get unique names
/// from a hint; weights become initializers under their checkpoint names (PyTorch <c>nn.Sequential</c> style) after
/// their shapes are checked.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<string, NamedTensor> _weights;
    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private int _next;

    /// <summary>Starts a graph over the network weights <paramref name="weights"/>.</summary>
    public GraphBuilder(IReadOnlyList<NamedTensor> weights)
    {
        _weights = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor tensor in weights)
        {
            _weights[tensor.Name] = tensor;
        }
    }

    /// <summary>Declares a graph input; a negative dimension is the dynamic batch axis.</summary>
    public string Input(string name, int elementType, long[] shape, string doc)
    {
        _inputs.Add(OnnxSchema.ValueInfo(name, elementType, shape, doc));
        return name;
    }

    /// <summary>Makes <paramref name="value"/> the graph output <paramref name="name"/>.</summary>
    public void Output(string value, string name, int elementType, long[] shape, string doc)
    {
        _nodes.Add(OnnxSchema.Node("Identity", name, [value], [name], []));
        _outputs.Add(OnnxSchema.ValueInfo(name, elementType, shape, doc));
    }

    /// <summary>The network weight <paramref name="name"/> as an initializer; throws unless its shape is <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidDataException">The weight is missing or has another shape (names it and the expected shape).</exception>
    public string Weight(string name, params int[] shape)
    {
        if (!_weights.TryGetValue(name, out NamedTensor? tensor))
        {
            throw new InvalidDataException($"The policy has no weight '{name}' [{Format(shape)}], which its architecture needs.");
        }

        if (!tensor.Shape.SequenceEqual(shape) || tensor.Data.Length != tensor.ElementCount)
        {
            throw new InvalidDataException($"Weight '{name}' has shape [{Format(tensor.Shape)}]; expected [{Format(shape)}].");
        }

        _initializers.Add(OnnxSchema.FloatTensor(name, [.. shape.Select(d => (long)d)], tensor.Data));
        return name;
    }

    /// <summary>A float constant of shape <paramref name="dims"/>.</summary>
    public string Constant(string hint, long[] dims, float[] data)
    {
        string name = NewName(hint);
        _initializers.Add(OnnxSchema.FloatTensor(name, dims, data));
        return name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(string hint, float value) => Constant(hint, [], [value]);

    /// <summary>A 1-D int64 constant (shapes and axes).</summary>
    public string Int64s(string hint, params long[] values)
    {
        string name = NewName(hint);
        _initializers.Add(OnnxSchema.Int64Tensor(name, [values.Length], values));
        return name;
    }

    /// <summary>An int64 scalar constant.</summary>
    public string Int64Scalar(string hint, long value)
    {
        string name = NewName(hint);
        _initializers.Add(OnnxSchema.Int64Tensor(name, [], [value]));
        return name;
    }

    /// <summary>Adds a node of operator <paramref name="opType"/> and returns the name of its single output.</summary>
    public string Op(string opType, string hint, string[] inputs, params ProtoMessage[] attributes)
    {
        string output = NewName(hint);
        _nodes.Add(OnnxSchema.Node(opType, output + "_node", inputs, [output], attributes));
        return output;
    }

    /// <summary><c>y = x·Wᵀ + b</c> with the weights <c>{layer}.weight</c> <c>[out, in]</c> and <c>{layer}.bias</c> <c>[out]</c>.</summary>
    public string Linear(string x, string layer, int inputSize, int outputSize) =>
        Op("Gemm", layer, [x, Weight(layer + ".weight", outputSize, inputSize), Weight(layer + ".bias", outputSize)],
            OnnxSchema.IntAttribute("transB", 1));

    /// <summary>The hidden activation.</summary>
    public string Activate(string x, Activation activation, string hint) =>
        Op(activation == Activation.Tanh ? "Tanh" : "Relu", hint, [x]);

    /// <summary>
    /// <c>Linear → act → …</c> over <paramref name="hiddenSizes"/> (layers <c>{prefix}.0</c>, <c>{prefix}.2</c>, …),
    /// then a linear head <c>{prefix}.{2·count}</c> when <paramref name="outputSize"/> &gt; 0.
    /// </summary>
    public string Mlp(string x, string prefix, int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, Activation activation)
    {
        int width = inputSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            x = Activate(Linear(x, string.Create(CultureInfo.InvariantCulture, $"{prefix}.{2 * i}"), width, hiddenSizes[i]), activation, prefix + "_act");
            width = hiddenSizes[i];
        }

        return outputSize > 0
            ? Linear(x, string.Create(CultureInfo.InvariantCulture, $"{prefix}.{2 * hiddenSizes.Count}"), width, outputSize)
            : x;
    }

    /// <summary>Concatenation along <paramref name="axis"/>; a single part is returned as it is.</summary>
    public string Concat(string hint, long axis, IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : Op("Concat", hint, [.. parts], OnnxSchema.IntAttribute("axis", axis));

    /// <summary>The graph message.</summary>
    public ProtoMessage Build(string name) => OnnxSchema.Graph(name, _nodes, _initializers, _inputs, _outputs);

    private string NewName(string hint) => string.Create(CultureInfo.InvariantCulture, $"{hint}_{_next++}");

    private static string Format(IEnumerable<int> shape) => string.Join(", ", shape);
}
