using System.Numerics.Tensors;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Nn;

/// <summary>
/// Fully connected layer <c>y = x·Wᵀ + b</c> over a batch of rows. The weight is stored <c>[out, in]</c> like
/// PyTorch's <c>nn.Linear</c>, so exported checkpoints load into PyTorch unchanged. The caller owns the input,
/// output and gradient buffers; nothing is allocated per call.
/// </summary>
internal sealed class Linear
{
    /// <summary>Registers <c>{name}.weight</c> <c>[out, in]</c> and <c>{name}.bias</c> <c>[out]</c> (both zero).</summary>
    public Linear(ParameterCollection parameters, string name, int inputSize, int outputSize)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = parameters.Add(name + ".weight", outputSize, inputSize);
        Bias = parameters.Add(name + ".bias", outputSize);
    }

    /// <summary>Input width.</summary>
    public int InputSize { get; }

    /// <summary>Output width.</summary>
    public int OutputSize { get; }

    /// <summary>Weight, <c>[out, in]</c>.</summary>
    public Parameter Weight { get; }

    /// <summary>Bias, <c>[out]</c>.</summary>
    public Parameter Bias { get; }

    /// <summary>Orthogonal weight scaled by <paramref name="gain"/>, zero bias (CleanRL's <c>layer_init</c>).</summary>
    public void Initialize(EnvRandom random, float gain)
    {
        Initializers.Orthogonal(Weight.Value, OutputSize, InputSize, gain, random);
        Array.Clear(Bias.Value);
    }

    /// <summary>y = x·Wᵀ + b.</summary>
    /// <param name="input">[rows, in]</param>
    /// <param name="output">[rows, out]</param>
    /// <param name="rows">Batch rows.</param>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int rows)
    {
        Shapes.RequireNonNegative(rows, nameof(rows));
        Shapes.Require(input.Length, rows, InputSize, nameof(input), "rows, in");
        Shapes.Require(output.Length, rows, OutputSize, nameof(output), "rows, out");
        MatMul.MultiplyTransposeB(input[..(rows * InputSize)], Weight.Value, output[..(rows * OutputSize)], rows, InputSize, OutputSize);
        ReadOnlySpan<float> bias = Bias.Value;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = output.Slice(r * OutputSize, OutputSize);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>
    /// Adds ∂L/∂W = dyᵀ·x and ∂L/∂b = Σ_rows dy to the gradients and writes (or adds) ∂L/∂x = dy·W.
    /// </summary>
    /// <param name="input">[rows, in]: the input of the matching <see cref="Forward"/>.</param>
    /// <param name="outputGradients">[rows, out]: ∂L/∂y.</param>
    /// <param name="inputGradients">[rows, in]: receives ∂L/∂x; pass an empty span when it is not needed.</param>
    /// <param name="rows">Batch rows.</param>
    /// <param name="accumulateInputGradients">Add to <paramref name="inputGradients"/> instead of overwriting.</param>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradients, Span<float> inputGradients, int rows, bool accumulateInputGradients = false)
    {
        Shapes.RequireNonNegative(rows, nameof(rows));
        Shapes.Require(input.Length, rows, InputSize, nameof(input), "rows, in");
        Shapes.Require(outputGradients.Length, rows, OutputSize, nameof(outputGradients), "rows, out");
        ReadOnlySpan<float> dy = outputGradients[..(rows * OutputSize)];
        MatMul.MultiplyTransposeA(dy, input[..(rows * InputSize)], Weight.Grad, OutputSize, rows, InputSize, accumulate: true);
        Span<float> biasGrad = Bias.Grad;
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(biasGrad, dy.Slice(r * OutputSize, OutputSize), biasGrad);
        }

        if (!inputGradients.IsEmpty)
        {
            Shapes.Require(inputGradients.Length, rows, InputSize, nameof(inputGradients), "rows, in");
            MatMul.Multiply(dy, Weight.Value, inputGradients[..(rows * InputSize)], rows, OutputSize, InputSize, accumulateInputGradients);
        }
    }
}
