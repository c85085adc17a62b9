using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using OptimizerOptions = RagAgent.Core.Policies.OptimizerOptions;

namespace RagAgent.TorchSharp;

/// <summary>
/// <see cref="IPolicyOptimizer"/> over a TorchSharp network: <c>torch.optim.Adam</c> (<c>AdamW</c> when
/// <see cref="OptimizerOptions.WeightDecay"/> &gt; 0, the managed engine's decoupled decay) and
/// <c>clip_grad_norm_</c>. Its state has the managed Adam's names: counter <c>step</c>, float32 tensors
/// <c>exp_avg.{parameter}</c> and <c>exp_avg_sq.{parameter}</c>, so optimizer state resumes across engines.
/// </summary>
public sealed class TorchAdam : IPolicyOptimizer, IDisposable
{
    /// <summary>Name of the step-count counter in <see cref="ExportState"/> (the managed Adam's).</summary>
    public const string StepName = RagAgent.Core.Nn.Optim.Adam.StepName;

    private readonly IReadOnlyList<(string Name, Parameter Parameter)> _parameters;
    private readonly OptimizerHelper _optimizer;

    /// <summary>Creates zero moments for every parameter.</summary>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/> (names the field).</exception>
    internal TorchAdam(IReadOnlyList<(string Name, Parameter Parameter)> parameters, OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _parameters = parameters;
        IEnumerable<Parameter> tensors = parameters.Select(p => p.Parameter);
        _optimizer = options.WeightDecay > 0f
            ? optim.AdamW(tensors, lr: 0, beta1: options.Beta1, beta2: options.Beta2, eps: options.Epsilon, weight_decay: options.WeightDecay)
            : optim.Adam(tensors, lr: 0, beta1: options.Beta1, beta2: options.Beta2, eps: options.Epsilon);
    }

    /// <inheritdoc />
    public void ZeroGrad() => _optimizer.zero_grad();

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive.</exception>
    public float ClipGradNorm(float maxNorm)
    {
        if (!(maxNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be > 0.");
        }

        return (float)nn.utils.clip_grad_norm_(_parameters.Select(p => p.Parameter), maxNorm);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public void Step(float learningRate)
    {
        if (!(learningRate >= 0f) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be a finite value >= 0.");
        }

        foreach (ParamGroup group in _optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        _optimizer.step();
    }

    /// <inheritdoc />
    public StateDict ExportState()
    {
        (long Step, Tensor ExpAvg, Tensor ExpAvgSq)[] states = States();
        var tensors = new List<StateTensor>(2 * _parameters.Count);
        for (int i = 0; i < _parameters.Count; i++)
        {
            string name = _parameters[i].Name;
            tensors.Add(StateTensor.FromNamedTensor(TorchActorCritic.ToNamedTensor("exp_avg." + name, states[i].ExpAvg)));
            tensors.Add(StateTensor.FromNamedTensor(TorchActorCritic.ToNamedTensor("exp_avg_sq." + name, states[i].ExpAvgSq)));
        }

        long step = states.Length == 0 ? 0 : states[0].Step;
        return new StateDict(new Dictionary<string, long> { [StepName] = step }, tensors);
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

        foreach ((string name, Parameter p) in _parameters)
        {
            RequireFloat(byName, "exp_avg." + name, p.shape);
            RequireFloat(byName, "exp_avg_sq." + name, p.shape);
        }

        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        List<OptimizerState> states = ParameterStates();
        for (int i = 0; i < states.Count; i++)
        {
            OptimizerState s = states[i];
            string name = _parameters[i].Name;
            (Tensor expAvg, Tensor expAvgSq) = Moments(s);
            expAvg.copy_(tensor(byName["exp_avg." + name].ToFloat32(), expAvg.shape));
            expAvgSq.copy_(tensor(byName["exp_avg_sq." + name].ToFloat32(), expAvgSq.shape));
            SetStep(s, step);
        }
    }

    /// <summary>Releases the optimizer's state tensors.</summary>
    public void Dispose() => _optimizer.Dispose();

    private static void RequireFloat(Dictionary<string, StateTensor> state, string name, long[] shape)
    {
        TorchActorCritic.RequireShape(state, name, shape, nameof(state), "Optimizer state");
        if (state[name].DType != TensorDType.F32)
        {
            throw new ArgumentException($"Optimizer state '{name}' is {TensorDTypes.Name(state[name].DType)}; expected F32.", nameof(state));
        }
    }

    private (long Step, Tensor ExpAvg, Tensor ExpAvgSq)[] States()
    {
        List<OptimizerState> parameterStates = ParameterStates();
        var states = new (long, Tensor, Tensor)[parameterStates.Count];
        for (int i = 0; i < states.Length; i++)
        {
            (Tensor expAvg, Tensor expAvgSq) = Moments(parameterStates[i]);
            states[i] = (Step(parameterStates[i]), expAvg, expAvgSq);
        }

        return states;
    }

    /// <summary>The per-parameter states, in parameter order (one parameter group).</summary>
    private List<OptimizerState> ParameterStates()
    {
        List<OptimizerState> states = _optimizer.state_dict().State;
        if (states.Count != _parameters.Count)
        {
            throw new InvalidOperationException($"torch.optim holds {states.Count} parameter states for {_parameters.Count} parameters.");
        }

        return states;
    }

    private static (Tensor ExpAvg, Tensor ExpAvgSq) Moments(OptimizerState s) => s switch
    {
        Adam.State a => (a.exp_avg, a.exp_avg_sq),
        AdamW.State w => (w.exp_avg, w.exp_avg_sq),
        _ => throw new InvalidOperationException($"Unexpected optimizer state {s.GetType().Name}."),
    };

    private static long Step(OptimizerState s) => s switch
    {
        Adam.State a => a.step,
        AdamW.State w => w.step,
        _ => throw new InvalidOperationException($"Unexpected optimizer state {s.GetType().Name}."),
    };

    private static void SetStep(OptimizerState s, long step)
    {
        switch (s)
        {
            case Adam.State a:
                a.step = step;
                break;
            case AdamW.State w:
                w.step = step;
                break;
            default:
                throw new InvalidOperationException($"Unexpected optimizer state {s.GetType().Name}.");
        }
    }
}
