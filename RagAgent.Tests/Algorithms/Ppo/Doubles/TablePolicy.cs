using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Algorithms.Ppo.Doubles;

/// <summary>
/// Test double whose outputs are looked up by row id (<c>Globals[0]</c>): logits <c>[rows, actions]</c> and values
/// <c>[rows]</c>. Backward accumulates the gradients it receives per row id; the optimizer does nothing.
/// </summary>
internal sealed class TablePolicy : IActorCritic
{
    private readonly int[] _ids;
    private int _count;

    public TablePolicy(int rows, int actions)
    {
        Spec = new EnvSpec { Id = "table", GlobalFeatureSize = 1, ExtraActions = actions };
        Logits = new double[rows * actions];
        Values = new double[rows];
        LogitGradients = new double[rows * actions];
        ValueGradients = new double[rows];
        _ids = new int[rows];
        MaxBatchSize = rows;
    }

    public EnvSpec Spec { get; }

    /// <summary>What checkpoints of this double record (it is no managed network; the tests never rebuild it from them).</summary>
    public PolicyOptions Options { get; } = new() { Architecture = PolicyArchitecture.Mlp };

    public int MaxBatchSize { get; }

    public double[] Logits { get; }

    public double[] Values { get; }

    public double[] LogitGradients { get; }

    public double[] ValueGradients { get; }

    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        int a = Spec.NumActions;
        _count = count;
        for (int r = 0; r < count; r++)
        {
            int id = (int)batch.Globals[r];
            _ids[r] = id;
            for (int j = 0; j < a; j++)
            {
                logits[(r * a) + j] = (float)Logits[(id * a) + j];
            }

            values[r] = (float)Values[id];
            ActionMasking.Apply(batch.ActionMask(r), logits.Slice(r * a, a));
        }
    }

    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients)
    {
        int a = Spec.NumActions;
        for (int r = 0; r < _count; r++)
        {
            for (int j = 0; j < a; j++)
            {
                LogitGradients[(_ids[r] * a) + j] += logitGradients[(r * a) + j];
            }

            ValueGradients[_ids[r]] += valueGradients[r];
        }
    }

    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) => new NoOpOptimizer();

    public IReadOnlyList<NamedTensor> ExportWeights() => [];

    public void ImportWeights(IReadOnlyList<NamedTensor> weights)
    {
    }

    public IActorCritic CloneForInference() => this;

    private sealed class NoOpOptimizer : IPolicyOptimizer
    {
        public void ZeroGrad()
        {
        }

        public float ClipGradNorm(float maxNorm) => 0f;

        public void Step(float learningRate)
        {
        }

        public StateDict ExportState() => StateDict.Empty;

        public void ImportState(StateDict state)
        {
        }
    }
}
