using RagAgent.Core.Policies;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Nn;

/// <summary>
/// A multilayer perceptron <c>Linear → act → … → Linear → act [→ Linear]</c> with PyTorch <c>nn.Sequential</c>
/// names: linear layers are <c>{prefix}.0</c>, <c>{prefix}.2</c>, … (activations take the odd indices). It owns its
/// activation and gradient buffers, grown by <see cref="Forward"/> when it gets more rows than ever before (doubling,
/// so a steady row count allocates nothing after the first call); the caller keeps the input alive between
/// <see cref="Forward"/> and <see cref="Backward"/>.
/// </summary>
internal sealed class Mlp
{
    private readonly Linear[] _hidden;
    private readonly Linear? _head;
    private readonly float[][] _activations;
    private readonly Activation _activation;
    private readonly int _widest;
    private float[] _output = [];
    private float[] _gradientA = [];
    private float[] _gradientB = [];

    /// <summary>Registers the layers' parameters (all zero until <see cref="Initialize"/>).</summary>
    /// <param name="parameters">Collection the layers register into.</param>
    /// <param name="prefix">Name prefix, for example <c>actor</c>.</param>
    /// <param name="inputSize">Input width.</param>
    /// <param name="hiddenSizes">Hidden widths (at least one).</param>
    /// <param name="outputSize">Width of a final linear layer without activation, or 0 to end at the last hidden activation.</param>
    /// <param name="activation">Hidden activation.</param>
    public Mlp(ParameterCollection parameters, string prefix, int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSizes.Count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(outputSize);
        InputSize = inputSize;
        _activation = activation;
        _hidden = new Linear[hiddenSizes.Count];
        _activations = new float[hiddenSizes.Count][];
        int width = inputSize;
        int widest = inputSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            _hidden[i] = new Linear(parameters, $"{prefix}.{2 * i}", width, hiddenSizes[i]);
            _activations[i] = [];
            width = hiddenSizes[i];
            widest = Math.Max(widest, width);
        }

        if (outputSize > 0)
        {
            _head = new Linear(parameters, $"{prefix}.{2 * hiddenSizes.Count}", width, outputSize);
            OutputSize = outputSize;
        }
        else
        {
            OutputSize = width;
        }

        _widest = widest;
    }

    /// <summary>Input width.</summary>
    public int InputSize { get; }

    /// <summary>Output width (the head's, or the last hidden width when there is no head).</summary>
    public int OutputSize { get; }

    /// <summary>Rows the buffers hold now: the most rows of any <see cref="Forward"/> so far, rounded up by doubling.</summary>
    public int Capacity { get; private set; }

    /// <summary>The output buffer, <c>[Capacity, OutputSize]</c>; its first rows hold the last <see cref="Forward"/>'s result.</summary>
    public ReadOnlySpan<float> Output => _output;

    /// <summary>Orthogonal weights and zero biases: <paramref name="hiddenGain"/> on hidden layers, <paramref name="outputGain"/> on the head.</summary>
    public void Initialize(EnvRandom random, float hiddenGain, float outputGain)
    {
        foreach (Linear layer in _hidden)
        {
            layer.Initialize(random, hiddenGain);
        }

        _head?.Initialize(random, outputGain);
    }

    /// <summary>Runs the network; returns the output <c>[rows, OutputSize]</c>, valid until the next call.</summary>
    /// <param name="input">[rows, InputSize]</param>
    /// <param name="rows">Rows, at least 1.</param>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (rows > Capacity)
        {
            Grow(rows);
        }

        ReadOnlySpan<float> x = input;
        for (int i = 0; i < _hidden.Length; i++)
        {
            Span<float> h = _activations[i].AsSpan(0, rows * _hidden[i].OutputSize);
            _hidden[i].Forward(x, h, rows);
            ActivationFunctions.Forward(_activation, h, h);
            x = h;
        }

        _head?.Forward(x, _output, rows);
        return _output.AsSpan(0, rows * OutputSize);
    }

    /// <summary>Adds parameter gradients for the last <see cref="Forward"/> and writes ∂L/∂input.</summary>
    /// <param name="input">[rows, InputSize]: the input of the last <see cref="Forward"/>.</param>
    /// <param name="outputGradients">[rows, OutputSize]: ∂L/∂output.</param>
    /// <param name="inputGradients">[rows, InputSize]: receives ∂L/∂input; empty to skip.</param>
    /// <param name="rows">Rows of the last <see cref="Forward"/>.</param>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradients, Span<float> inputGradients, int rows)
    {
        Shapes.RequireRows(rows, Capacity, nameof(rows));
        Shapes.Require(outputGradients.Length, rows, OutputSize, nameof(outputGradients), "rows, OutputSize");
        ReadOnlySpan<float> upstream = outputGradients;
        if (_head is not null)
        {
            _head.Backward(_activations[^1], outputGradients, _gradientB, rows);
            upstream = _gradientB;
        }

        for (int i = _hidden.Length - 1; i >= 0; i--)
        {
            int n = rows * _hidden[i].OutputSize;
            Span<float> pre = _gradientA.AsSpan(0, n);
            ActivationFunctions.Backward(_activation, _activations[i].AsSpan(0, n), upstream[..n], pre);
            ReadOnlySpan<float> layerInput = i == 0 ? input : _activations[i - 1];
            Span<float> below = i == 0 ? inputGradients : _gradientB;
            _hidden[i].Backward(layerInput, pre, below, rows);
            upstream = _gradientB;
        }
    }

    private void Grow(int rows)
    {
        int capacity = Math.Max(rows, 2 * Capacity);
        for (int i = 0; i < _hidden.Length; i++)
        {
            _activations[i] = new float[capacity * _hidden[i].OutputSize];
        }

        _output = _head is null ? _activations[^1] : new float[capacity * OutputSize];
        _gradientA = new float[capacity * _widest];
        _gradientB = new float[capacity * _widest];
        Capacity = capacity;
    }
}
