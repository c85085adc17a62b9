using System.Numerics.Tensors;
using RagAgent.Core.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>
/// Inference-only fully connected layer <c>y = x·Wᵀ + b</c> whose weight is stored as per-channel symmetric int8:
/// row o of W is <c>scale[o] · q[o, ·]</c> with <c>q ∈ [-127, 127]</c> and <c>scale[o] = max|W[o, ·]| / 127</c>
/// (a zero row gets scale 0). Activations and the bias stay float32 (see <see cref="Forward"/> for the two kernels).
/// The parameters are immutable, so clones of a network may share a layer. Nothing is allocated per call.
/// </summary>
internal sealed class QuantizedLinear
{
    private const float Levels = 127f;
    private readonly sbyte[] _weights;
    private readonly float[] _scales;
    private readonly float[] _bias;

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

    /// <summary>Input width.</summary>
    public int InputSize { get; }

    /// <summary>Output width.</summary>
    public int OutputSize { get; }

    /// <summary>Bytes of the stored parameters: int8 weights, float scales and float biases.</summary>
    public long ParameterBytes => _weights.Length + (sizeof(float) * ((long)_scales.Length + _bias.Length));

    /// <summary>The dequantised weight <c>[out, in]</c> (<c>scale[o] · q[o, i]</c>).</summary>
    public float[] DequantizedWeight()
    {
        var weight = new float[_weights.Length];
        for (int o = 0; o < OutputSize; o++)
        {
            Int8Kernels.Dequantize(_weights.AsSpan(o * InputSize, InputSize), _scales[o], weight.AsSpan(o * InputSize, InputSize));
        }

        return weight;
    }

    /// <summary>A copy of the bias <c>[out]</c>.</summary>
    public float[] BiasCopy() => (float[])_bias.Clone();

    /// <summary>Rows from which <see cref="Forward"/> dequantises the whole weight and runs the float matrix product.</summary>
    public const int DequantizeFromRows = 8;

    /// <summary>Floats of scratch <see cref="Forward"/> needs: <c>out · in</c>.</summary>
    public int ScratchSize => OutputSize * InputSize;

    /// <summary>
    /// y = x·(scale ⊙ q)ᵀ + b. Below <see cref="DequantizeFromRows"/> rows each output is an int8·float dot product
    /// (int8 widened in SIMD registers); from it the weight is dequantised into <paramref name="scratch"/> once and
    /// multiplied as float, so the widening is shared by the batch.
    /// </summary>
    /// <param name="input">[rows, in]</param>
    /// <param name="output">[rows, out]</param>
    /// <param name="rows">Batch rows.</param>
    /// <param name="scratch">At least <see cref="ScratchSize"/> floats, used from <see cref="DequantizeFromRows"/> rows.</param>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, Span<float> scratch)
    {
        Shapes.RequireNonNegative(rows, nameof(rows));
        Shapes.Require(input.Length, rows, InputSize, nameof(input), "rows, in");
        Shapes.Require(output.Length, rows, OutputSize, nameof(output), "rows, out");
        int n = InputSize;
        int m = OutputSize;
        if (rows >= DequantizeFromRows)
        {
            Shapes.Require(scratch.Length, m, n, nameof(scratch), "out, in");
            Span<float> weight = scratch[..(m * n)];
            for (int o = 0; o < m; o++)
            {
                Int8Kernels.Dequantize(_weights.AsSpan(o * n, n), _scales[o], weight.Slice(o * n, n));
            }

            MatMul.MultiplyTransposeB(input[..(rows * n)], weight, output[..(rows * m)], rows, n, m);
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = output.Slice(r * m, m);
                TensorPrimitives.Add(row, _bias, row);
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * n, n);
            Span<float> y = output.Slice(r * m, m);
            for (int o = 0; o < m; o++)
            {
                y[o] = (_scales[o] * Int8Kernels.Dot(_weights.AsSpan(o * n, n), x)) + _bias[o];
            }
        }
    }
}
