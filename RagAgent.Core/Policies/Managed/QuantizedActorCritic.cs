using RagAgent.Core.Distributions;
using RagAgent.Core.Nn;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>
/// Inference-only int8 copy of an <c>mlp</c> actor-critic: every linear layer's weight is quantised per output
/// channel (symmetric, one float scale per row, <c>q ∈ [-127, 127]</c>); activations, biases, logits and values stay
/// float32. Same flat input, layer names and masking as <see cref="MlpPolicy"/>, so it reads the same batches and
/// masked actions get <see cref="ActionMasking.MaskedLogit"/> (probability exactly 0).
/// </summary>
/// <remarks>
/// <see cref="Backward"/> and <see cref="CreateOptimizer"/> throw <see cref="NotSupportedException"/>: rounded
/// weights have no useful gradient, so train the float policy and quantise it again. Like the float policies, an
/// instance is not thread-safe; <see cref="CloneForInference"/> shares the int8 weights and gives new buffers.
/// From <see cref="QuantizedLinear.DequantizeFromRows"/> rows the forward pass keeps one float scratch the size of
/// the largest layer, into which each layer is dequantised in turn.
/// </remarks>
public sealed class QuantizedActorCritic : IActorCritic
{
    private readonly QuantizedLinear[] _actor;
    private readonly QuantizedLinear[] _critic;
    private readonly int _taskWidth;
    private float[] _input = [];
    private float[] _hiddenA = [];
    private float[] _hiddenB = [];
    private float[] _weightScratch = [];
    private bool[] _actionMasks = [];
    private int _capacity;

    private QuantizedActorCritic(EnvSpec spec, PolicyOptions options, QuantizedLinear[] actor, QuantizedLinear[] critic)
    {
        Spec = spec;
        Options = options;
        _actor = actor;
        _critic = critic;
        _taskWidth = options.TaskIdEmbedding == IdEmbedding.Always ? spec.NumTasks : 0;
        InputSize = MlpPolicy.InputSizeFor(spec, _taskWidth);
    }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public PolicyOptions Options { get; }

    /// <summary>Width of the flat input vector (as <see cref="MlpPolicy.InputSize"/>).</summary>
    public int InputSize { get; }

    /// <summary>Bytes of the parameters held: int8 weights plus the float32 scales and biases.</summary>
    public long ParameterBytes => _actor.Concat(_critic).Sum(l => l.ParameterBytes);

    /// <summary>
    /// Quantises <paramref name="policy"/>'s weights (read through <see cref="IActorCritic.ExportWeights"/>, so any
    /// engine's <c>mlp</c> network with the <see cref="MlpPolicy"/> parameter names works).
    /// </summary>
    /// <exception cref="NotSupportedException">The policy's architecture is not <c>mlp</c> (names it).</exception>
    /// <exception cref="ArgumentException">A weight is missing, mis-shaped or not finite (names it).</exception>
    public static QuantizedActorCritic Quantize(IActorCritic policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Options.Architecture != PolicyArchitecture.Mlp)
        {
            throw new NotSupportedException(
                $"int8 quantisation supports the mlp architecture only; this policy is {policy.Options.Architecture}.");
        }

        return Build(policy.Spec, policy.Options, policy.ExportWeights());
    }

    /// <inheritdoc />
    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        PolicyFactory.ValidateForward(this, batch, count, logits.Length, values.Length);
        if (count > _capacity)
        {
            Grow(count, batch.Capacity);
        }

        int width = count * Spec.NumActions;
        Span<float> input = _input.AsSpan(0, count * InputSize);
        MlpPolicy.WriteInput(Spec, _taskWidth, InputSize, batch, count, input);
        Run(_actor, input, count, logits[..width]);
        Run(_critic, input, count, values[..count]);
        Span<bool> masks = _actionMasks.AsSpan(0, width);
        batch.ActionMasks.AsSpan(0, width).CopyTo(masks);
        MaskedFill.Forward(masks, logits[..width], ActionMasking.MaskedLogit);
    }

    /// <summary>Always throws: a quantised network is for inference only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients) =>
        throw new NotSupportedException("A quantised (int8) policy is inference-only: rounded weights have no useful gradient; train the float policy and quantise it again.");

    /// <summary>Always throws: a quantised network is for inference only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) =>
        throw new NotSupportedException("A quantised (int8) policy cannot be optimised: train the float policy and quantise it again.");

    /// <summary>The dequantised weights (<c>scale · q</c>) and the biases, by the <see cref="MlpPolicy"/> names.</summary>
    public IReadOnlyList<NamedTensor> ExportWeights()
    {
        var weights = new List<NamedTensor>();
        Export("actor", _actor, weights);
        Export("critic", _critic, weights);
        return weights;
    }

    /// <summary>Not supported: build a new instance with <see cref="Quantize"/> instead.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void ImportWeights(IReadOnlyList<NamedTensor> weights) =>
        throw new NotSupportedException("A quantised (int8) policy's weights are fixed; load the float weights into a float policy and call QuantizedActorCritic.Quantize.");

    /// <inheritdoc />
    public IActorCritic CloneForInference() =>
        new QuantizedActorCritic(Spec, Options, _actor, _critic);

    private static QuantizedActorCritic Build(EnvSpec spec, PolicyOptions options, IReadOnlyList<NamedTensor> weights)
    {
        int taskWidth = options.TaskIdEmbedding == IdEmbedding.Always ? spec.NumTasks : 0;
        int inputSize = MlpPolicy.InputSizeFor(spec, taskWidth);
        int[] hidden = [.. options.HiddenSizes];
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor tensor in weights)
        {
            byName[tensor.Name] = tensor;
        }

        return new QuantizedActorCritic(
            spec,
            options,
            QuantizeStack(byName, "actor", inputSize, hidden, spec.NumActions),
            QuantizeStack(byName, "critic", inputSize, hidden, 1));
    }

    private static QuantizedLinear[] QuantizeStack(Dictionary<string, NamedTensor> byName, string prefix, int inputSize, int[] hidden, int outputSize)
    {
        var layers = new QuantizedLinear[hidden.Length + 1];
        int width = inputSize;
        for (int i = 0; i <= hidden.Length; i++)
        {
            int output = i < hidden.Length ? hidden[i] : outputSize;
            string name = $"{prefix}.{2 * i}";
            float[] weight = Require(byName, name + ".weight", output, width);
            float[] bias = Require(byName, name + ".bias", output);
            layers[i] = new QuantizedLinear(weight, bias, width, output);
            width = output;
        }

        return layers;
    }

    private static float[] Require(Dictionary<string, NamedTensor> byName, string name, params int[] shape)
    {
        if (!byName.TryGetValue(name, out NamedTensor? tensor))
        {
            throw new ArgumentException($"The policy's weights have no '{name}'; expected shape [{string.Join(", ", shape)}].");
        }

        if (!tensor.Shape.SequenceEqual(shape) || tensor.Data.Length != tensor.ElementCount)
        {
            throw new ArgumentException(
                $"Weight '{name}' has shape [{string.Join(", ", tensor.Shape)}] and {tensor.Data.Length} values; expected shape [{string.Join(", ", shape)}].");
        }

        return tensor.Data;
    }

    private static void Export(string prefix, QuantizedLinear[] layers, List<NamedTensor> weights)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            QuantizedLinear layer = layers[i];
            weights.Add(new NamedTensor($"{prefix}.{2 * i}.weight", [layer.OutputSize, layer.InputSize], layer.DequantizedWeight()));
            weights.Add(new NamedTensor($"{prefix}.{2 * i}.bias", [layer.OutputSize], layer.BiasCopy()));
        }
    }

    /// <summary>Runs hidden layers (with the activation) then the head into <paramref name="output"/> [rows, head width].</summary>
    private void Run(QuantizedLinear[] layers, ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        ReadOnlySpan<float> x = input;
        for (int i = 0; i < layers.Length - 1; i++)
        {
            Span<float> h = (i % 2 == 0 ? _hiddenA : _hiddenB).AsSpan(0, rows * layers[i].OutputSize);
            layers[i].Forward(x, h, rows, _weightScratch);
            ActivationFunctions.Forward(Options.Activation, h, h);
            x = h;
        }

        layers[^1].Forward(x, output, rows, _weightScratch);
    }

    private void Grow(int count, int batchCapacity)
    {
        int capacity = Math.Max(count, (int)Math.Min(2L * _capacity, batchCapacity));
        int widest = Options.HiddenSizes.Max();
        _input = new float[capacity * InputSize];
        _hiddenA = new float[capacity * widest];
        _hiddenB = new float[capacity * widest];
        _actionMasks = new bool[capacity * Spec.NumActions];
        if (capacity >= QuantizedLinear.DequantizeFromRows && _weightScratch.Length == 0)
        {
            _weightScratch = new float[_actor.Concat(_critic).Max(l => l.ScratchSize)];
        }

        _capacity = capacity;
    }
}
