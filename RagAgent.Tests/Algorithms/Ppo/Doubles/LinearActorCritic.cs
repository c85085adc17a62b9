using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Algorithms.Ppo.Doubles;

/// <summary>
/// Test double: logits = W·globals + b, value = v·globals + c, with plain SGD. Allocation-free Forward/Backward.
/// </summary>
internal sealed class LinearActorCritic : IActorCritic
{
    private readonly int _inputs;
    private readonly int _actions;
    private readonly float[] _input;
    private readonly float[] _mask;
    private int _count;

    public LinearActorCritic(EnvSpec spec, int maxBatchSize, int seed)
    {
        Spec = spec;
        MaxBatchSize = maxBatchSize;
        _inputs = spec.GlobalFeatureSize;
        _actions = spec.NumActions;
        Parameters = new float[(_actions * _inputs) + _actions + _inputs + 1];
        Gradients = new float[Parameters.Length];
        var random = new EnvRandom(seed);
        for (int i = 0; i < Parameters.Length; i++)
        {
            Parameters[i] = random.NextFloat(-0.1f, 0.1f);
        }

        _input = new float[maxBatchSize * _inputs];
        _mask = new float[maxBatchSize * _actions];
    }

    public EnvSpec Spec { get; }

    /// <summary>What checkpoints of this double record (it is no managed network; the tests never rebuild it from them).</summary>
    public PolicyOptions Options { get; } = new() { Architecture = PolicyArchitecture.Mlp };

    public int MaxBatchSize { get; }

    public float[] Parameters { get; }

    public float[] Gradients { get; }

    private int BiasOffset => _actions * _inputs;

    private int ValueOffset => BiasOffset + _actions;

    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        _count = count;
        batch.Globals.AsSpan(0, count * _inputs).CopyTo(_input);
        for (int r = 0; r < count; r++)
        {
            ReadOnlySpan<float> x = _input.AsSpan(r * _inputs, _inputs);
            for (int a = 0; a < _actions; a++)
            {
                float sum = Parameters[BiasOffset + a];
                for (int i = 0; i < _inputs; i++)
                {
                    sum += Parameters[(a * _inputs) + i] * x[i];
                }

                logits[(r * _actions) + a] = sum;
                _mask[(r * _actions) + a] = batch.ActionMasks[(r * _actions) + a] ? 1f : 0f;
            }

            float v = Parameters[ValueOffset + _inputs];
            for (int i = 0; i < _inputs; i++)
            {
                v += Parameters[ValueOffset + i] * x[i];
            }

            values[r] = v;
            ActionMasking.Apply(batch.ActionMask(r), logits.Slice(r * _actions, _actions));
        }
    }

    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients)
    {
        for (int r = 0; r < _count; r++)
        {
            ReadOnlySpan<float> x = _input.AsSpan(r * _inputs, _inputs);
            for (int a = 0; a < _actions; a++)
            {
                float g = logitGradients[(r * _actions) + a] * _mask[(r * _actions) + a];
                Gradients[BiasOffset + a] += g;
                for (int i = 0; i < _inputs; i++)
                {
                    Gradients[(a * _inputs) + i] += g * x[i];
                }
            }

            for (int i = 0; i < _inputs; i++)
            {
                Gradients[ValueOffset + i] += valueGradients[r] * x[i];
            }

            Gradients[ValueOffset + _inputs] += valueGradients[r];
        }
    }

    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) => new SgdOptimizer(this);

    public IReadOnlyList<NamedTensor> ExportWeights() => [new NamedTensor("linear", [Parameters.Length], (float[])Parameters.Clone())];

    public void ImportWeights(IReadOnlyList<NamedTensor> weights) => weights[0].Data.AsSpan().CopyTo(Parameters);

    public IActorCritic CloneForInference()
    {
        var copy = new LinearActorCritic(Spec, MaxBatchSize, 0);
        Parameters.AsSpan().CopyTo(copy.Parameters);
        return copy;
    }

    /// <summary>Plain SGD; its state is the number of steps taken.</summary>
    private sealed class SgdOptimizer(LinearActorCritic owner) : IPolicyOptimizer
    {
        private long _steps;

        public void ZeroGrad() => Array.Clear(owner.Gradients);

        public float ClipGradNorm(float maxNorm)
        {
            double sum = 0;
            foreach (float g in owner.Gradients)
            {
                sum += g * g;
            }

            float norm = (float)Math.Sqrt(sum);
            if (norm > maxNorm)
            {
                float scale = maxNorm / (norm + 1e-6f);
                for (int i = 0; i < owner.Gradients.Length; i++)
                {
                    owner.Gradients[i] *= scale;
                }
            }

            return norm;
        }

        public void Step(float learningRate)
        {
            _steps++;
            for (int i = 0; i < owner.Parameters.Length; i++)
            {
                owner.Parameters[i] -= learningRate * owner.Gradients[i];
            }
        }

        public StateDict ExportState() => new(new Dictionary<string, long> { ["steps"] = _steps }, []);

        public void ImportState(StateDict state) => _steps = state.Counter("steps", "SGD");
    }
}
