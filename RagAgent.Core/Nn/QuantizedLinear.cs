using System.Numerics.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>
/// Inference-only fully connected layer <c>y = x·Wᵀ + b</c> whose weight is stored as per-channel symmetric int8:
/// row o of W is <c>scale[o] · q[o, ·]</c> with <c>q ∈ [-127, 127]</c> and <c>scale[o] = max|W[o, ·]| / 127</c>
/// (a zero row gets scale 0). Activations and the bias stay float32; each int8 row is widened to float once per
/// call and dotted with every input row, so the cost of widening is shared by the batch. Nothing is allocated per call.
/// </summary>
internal sealed class QuantizedLinear
{
    private const float Levels = 127f;
    private readonly sbyte[] _weights;
    private readonly float[] _scales;
    private readonly float[] _bias;
    private readonly float[] _row;

    /// <summary>Quantises <paramref name="weight"/> <c>[out, in]</c>, row by row; copies <paramref name="bias"/> <c>[out]</c>.</summary>
    public QuantizedLinear(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        Shapes.Require(weight.Length, outputSize, inputSize, nameof(weight), "out, in");
        Shapes.Require(bias.Length, outputSize, 1, nameof(bias), "out");
        InputSize = inputSize;
        OutputSize = outputSize;
        _weights = new sbyte[outputSize * inputSize];
        _scales = new float[outputSize];
        _bias = bias.ToArray();
        _row = new float[inputSize];
        for (int o = 0; o < outputSize; o++)
        {
            ReadOnlySpan<float> w = weight.Slice(o * inputSize, inputSize);
            float max = TensorPrimitives.MaxMagnitude(w);
            if (!float.IsFinite(max))
            {
                throw new ArgumentException($"The weight row {o} holds a non-finite value; it cannot be quantised.", nameof(weight));
            }

            max = MathF.Abs(max);
            _scales[o] = max / Levels;
            if (max == 0f)
            {
                continue;
            }

            Span<sbyte> q = _weights.AsSpan(o * inputSize, inputSize);
            float inverse = Levels / max;
            for (int i = 0; i < inputSize; i++)
            {
                q[i] = (sbyte)Math.Clamp(MathF.Round(w[i] * inverse, MidpointRounding.ToEven), -Levels, Levels);
            }
        }
    }

    private QuantizedLinear(QuantizedLinear source)
    {
        InputSize = source.InputSize;
        OutputSize = source.OutputSize;
        _weights = source._weights;
        _scales = source._scales;
        _bias = source._bias;
        _row = new float[InputSize];
    }

    /// <summary>Input width.</summary>
    public int InputSize { get; }

    /// <summary>Output width.</summary>
    public int OutputSize { get; }

    /// <summary>Bytes of the stored parameters: int8 weights, float scales and float biases.</summary>
    public long ParameterBytes => _weights.Length + (sizeof(float) * ((long)_scales.Length + _bias.Length));

    /// <summary>A layer sharing these (immutable) parameters with its own scratch row, for another thread.</summary>
    public QuantizedLinear Clone() => new(this);

    /// <summary>The dequantised weight <c>[out, in]</c> (<c>scale[o] · q[o, i]</c>).</summary>
    public float[] DequantizedWeight()
    {
        var weight = new float[_weights.Length];
        for (int o = 0; o < OutputSize; o++)
        {
            Span<float> row = weight.AsSpan(o * InputSize, InputSize);
            TensorPrimitives.ConvertTruncating<sbyte, float>(_weights.AsSpan(o * InputSize, InputSize), row);
            TensorPrimitives.Multiply(row, _scales[o], row);
        }

        return weight;
    }

    /// <summary>A copy of the bias <c>[out]</c>.</summary>
    public float[] BiasCopy() => (float[])_bias.Clone();

    /// <summary>y = x·(scale ⊙ q)ᵀ + b.</summary>
    /// <param name="input">[rows, in]</param>
    /// <param name="output">[rows, out]</param>
    /// <param name="rows">Batch rows.</param>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int rows)
    {
        Shapes.RequireNonNegative(rows, nameof(rows));
        Shapes.Require(input.Length, rows, InputSize, nameof(input), "rows, in");
        Shapes.Require(output.Length, rows, OutputSize, nameof(output), "rows, out");
        int n = InputSize;
        int m = OutputSize;
        Span<float> row = _row;
        for (int o = 0; o < m; o++)
        {
            TensorPrimitives.ConvertTruncating<sbyte, float>(_weights.AsSpan(o * n, n), row);
            float scale = _scales[o];
            float bias = _bias[o];
            for (int r = 0; r < rows; r++)
            {
                output[(r * m) + o] = (scale * TensorPrimitives.Dot(input.Slice(r * n, n), row)) + bias;
            }
        }
    }
}
