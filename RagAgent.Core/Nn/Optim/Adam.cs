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
    /// <summary>Name of the step-count counter in <see cref="ExportState"/>.</summary>
    public const string StepName = "step";

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
    /// Counter <c>step</c> (the number of steps taken), then float32 tensors <c>exp_avg.{parameter}</c> and
    /// <c>exp_avg_sq.{parameter}</c> (PyTorch's names) with the parameter's shape, in parameter order.
    /// </remarks>
    public StateDict ExportState()
    {
        var tensors = new List<StateTensor>(2 * _parameters.Count);
        for (int i = 0; i < _parameters.Count; i++)
        {
            Parameter p = _parameters[i];
            tensors.Add(StateTensor.FromNamedTensor(new NamedTensor("exp_avg." + p.Name, p.Shape, _firstMoments[i])));
            tensors.Add(StateTensor.FromNamedTensor(new NamedTensor("exp_avg_sq." + p.Name, p.Shape, _secondMoments[i])));
        }

        return new StateDict(new Dictionary<string, long> { [StepName] = StepCount }, tensors);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Names the first missing or mis-shaped entry; nothing is changed then.</exception>
    public void ImportState(StateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Counters.TryGetValue(StepName, out long step) || step < 0)
        {
            throw new ArgumentException($"Optimizer state has no valid '{StepName}' counter (a non-negative step count).", nameof(state));
        }

        var byName = new Dictionary<string, StateTensor>(StringComparer.Ordinal);
        foreach (StateTensor t in state.Tensors)
        {
            byName[t.Name] = t;
        }

        var first = new float[_parameters.Count][];
        var second = new float[_parameters.Count][];
        for (int i = 0; i < _parameters.Count; i++)
        {
            Parameter p = _parameters[i];
            first[i] = Require(byName, "exp_avg." + p.Name, p.Shape, nameof(state));
            second[i] = Require(byName, "exp_avg_sq." + p.Name, p.Shape, nameof(state));
        }

        for (int i = 0; i < _parameters.Count; i++)
        {
            first[i].AsSpan().CopyTo(_firstMoments[i]);
            second[i].AsSpan().CopyTo(_secondMoments[i]);
        }

        StepCount = step;
    }

    private static float[] Require(Dictionary<string, StateTensor> byName, string name, int[] shape, string paramName)
    {
        if (!byName.TryGetValue(name, out StateTensor? tensor))
        {
            throw new ArgumentException($"Optimizer state is missing '{name}' (expected shape {Parameter.FormatShape(shape)}).", paramName);
        }

        if (tensor.DType != TensorDType.F32 || !tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException(
                $"Optimizer state '{name}' is {TensorDTypes.Name(tensor.DType)} {Parameter.FormatShape(tensor.Shape)}; expected F32 {Parameter.FormatShape(shape)}.", paramName);
        }

        return tensor.ToFloat32();
    }
}
