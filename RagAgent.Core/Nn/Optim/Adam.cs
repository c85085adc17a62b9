using System.Numerics.Tensors;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;

namespace RagAgent.Core.Nn.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015) with PyTorch's semantics: bias-corrected moments, ε added after the square root,
/// and decoupled weight decay (AdamW, Loshchilov and Hutter 2019) when <see cref="OptimizerOptions.WeightDecay"/> &gt; 0:
/// <code>
/// θ ← θ · (1 − lr·λ)                                  (only when λ &gt; 0)
/// m ← β1·m + (1 − β1)·g;     v ← β2·v + (1 − β2)·g²
/// θ ← θ − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
/// </code>
/// Buffers are allocated once; <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class Adam : IPolicyOptimizer
{
    /// <summary>Name of the step-count tensor in <see cref="ExportState"/>.</summary>
    public const string StepName = "step";

    private const float StepSplit = 1 << 24;
    private readonly ParameterCollection _parameters;
    private readonly OptimizerOptions _options;
    private readonly float[][] _firstMoments;
    private readonly float[][] _secondMoments;
    private readonly float[] _scratch;

    /// <summary>Creates zero moments for every parameter.</summary>
    public Adam(ParameterCollection parameters, OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _parameters = parameters;
        _options = options;
        _firstMoments = parameters.Select(p => new float[p.Length]).ToArray();
        _secondMoments = parameters.Select(p => new float[p.Length]).ToArray();
        _scratch = new float[parameters.Count == 0 ? 0 : parameters.Max(p => p.Length)];
    }

    /// <summary>Number of <see cref="Step"/> calls so far (PyTorch's <c>state['step']</c>).</summary>
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public void ZeroGrad() => _parameters.ZeroGrad();

    /// <inheritdoc />
    public float ClipGradNorm(float maxNorm) => GradientClipping.ClipGradNorm(_parameters, maxNorm);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public void Step(float learningRate)
    {
        if (!(learningRate >= 0f) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be a finite value >= 0.");
        }

        StepCount++;
        float beta1 = _options.Beta1;
        float beta2 = _options.Beta2;
        double biasCorrection1 = 1.0 - Math.Pow(beta1, StepCount);
        double biasCorrection2 = 1.0 - Math.Pow(beta2, StepCount);
        float stepSize = (float)(learningRate / biasCorrection1);
        float inverseSqrtCorrection2 = (float)(1.0 / Math.Sqrt(biasCorrection2));
        float decay = 1f - (learningRate * _options.WeightDecay);
        for (int i = 0; i < _parameters.Count; i++)
        {
            Parameter p = _parameters[i];
            Span<float> theta = p.Value;
            ReadOnlySpan<float> g = p.Grad;
            Span<float> m = _firstMoments[i];
            Span<float> v = _secondMoments[i];
            Span<float> scratch = _scratch.AsSpan(0, p.Length);
            if (_options.WeightDecay > 0f)
            {
                TensorPrimitives.Multiply(theta, decay, theta);
            }

            TensorPrimitives.Multiply(m, beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - beta1, m, m);
            TensorPrimitives.Multiply(v, beta2, v);
            TensorPrimitives.Multiply(g, g, scratch);
            TensorPrimitives.MultiplyAdd(scratch, 1f - beta2, v, v);
            TensorPrimitives.Sqrt(v, scratch);
            TensorPrimitives.Multiply(scratch, inverseSqrtCorrection2, scratch);
            TensorPrimitives.Add(scratch, _options.Epsilon, scratch);
            TensorPrimitives.Divide(m, scratch, scratch);
            TensorPrimitives.MultiplyAdd(scratch, -stepSize, theta, theta);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Tensors: <c>step</c> <c>[2]</c> (the count as low and high 24-bit halves, both exact in float32),
    /// then <c>exp_avg.{parameter}</c> and <c>exp_avg_sq.{parameter}</c> (PyTorch's names) in parameter order.
    /// </remarks>
    public IReadOnlyList<NamedTensor> ExportState()
    {
        var state = new List<NamedTensor>(1 + (2 * _parameters.Count))
        {
            new(StepName, [2], [StepCount % (long)StepSplit, StepCount / (long)StepSplit]),
        };
        for (int i = 0; i < _parameters.Count; i++)
        {
            Parameter p = _parameters[i];
            state.Add(new NamedTensor("exp_avg." + p.Name, p.Shape, (float[])_firstMoments[i].Clone()));
            state.Add(new NamedTensor("exp_avg_sq." + p.Name, p.Shape, (float[])_secondMoments[i].Clone()));
        }

        return state;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Names the first missing or mis-shaped tensor; nothing is changed then.</exception>
    public void ImportState(IReadOnlyList<NamedTensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor t in state)
        {
            byName[t.Name] = t;
        }

        NamedTensor step = Require(byName, StepName, [2], 2, nameof(state));
        float low = step.Data[0];
        float high = step.Data[1];
        if (low < 0 || high < 0 || low >= StepSplit || low != MathF.Floor(low) || high != MathF.Floor(high))
        {
            throw new ArgumentException($"Optimizer state '{StepName}' holds [{low}, {high}], not a valid step count.", nameof(state));
        }

        var first = new NamedTensor[_parameters.Count];
        var second = new NamedTensor[_parameters.Count];
        for (int i = 0; i < _parameters.Count; i++)
        {
            Parameter p = _parameters[i];
            first[i] = Require(byName, "exp_avg." + p.Name, p.Shape, p.Length, nameof(state));
            second[i] = Require(byName, "exp_avg_sq." + p.Name, p.Shape, p.Length, nameof(state));
        }

        for (int i = 0; i < _parameters.Count; i++)
        {
            first[i].Data.AsSpan().CopyTo(_firstMoments[i]);
            second[i].Data.AsSpan().CopyTo(_secondMoments[i]);
        }

        StepCount = (long)low + ((long)high * (long)StepSplit);
    }

    private static NamedTensor Require(Dictionary<string, NamedTensor> byName, string name, int[] shape, int length, string paramName)
    {
        if (!byName.TryGetValue(name, out NamedTensor? tensor))
        {
            throw new ArgumentException($"Optimizer state is missing '{name}' (expected shape {Parameter.FormatShape(shape)}).", paramName);
        }

        if (!tensor.Shape.AsSpan().SequenceEqual(shape) || tensor.Data.Length != length)
        {
            throw new ArgumentException(
                $"Optimizer state '{name}' has shape {Parameter.FormatShape(tensor.Shape)}; expected {Parameter.FormatShape(shape)}.", paramName);
        }

        return tensor;
    }
}
