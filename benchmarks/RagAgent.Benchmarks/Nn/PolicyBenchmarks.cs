using BenchmarkDotNet.Attributes;
using RagAgent.Core.Embeddings;
using RagAgent.Core.Nn;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Benchmarks.Nn;

/// <summary>One forward and one backward pass of a policy built by <see cref="PolicyFactory"/> over a random batch.</summary>
public abstract class ActorCriticBenchmarks
{
    private IActorCritic _policy = null!;
    private ObservationBatch _batch = null!;
    private float[] _logits = null!;
    private float[] _values = null!;
    private float[] _dLogits = null!;
    private float[] _dValues = null!;

    /// <summary>The env spec the policy is built for.</summary>
    protected abstract EnvSpec Spec { get; }

    /// <summary>Rows per call.</summary>
    protected abstract int Rows { get; }

    /// <summary>Builds the policy and a random batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _policy = PolicyFactory.Create(Spec, new PolicyOptions(), seed: 1);
        _batch = BenchmarkData.Batch(Spec, Rows, seed: 2);
        _logits = new float[Rows * Spec.NumActions];
        _values = new float[Rows];
        _dLogits = BenchmarkData.Floats(_logits.Length, seed: 3);
        _dValues = BenchmarkData.Floats(Rows, seed: 4);
    }

    /// <summary>One forward and one backward pass over the batch.</summary>
    [Benchmark]
    public float ForwardBackward()
    {
        _policy.Forward(_batch, Rows, _logits, _values);
        _policy.Backward(_dLogits, _dValues);
        return _values[0];
    }
}

/// <summary>Forward + backward of the CleanRL-shaped 64-64 tanh MLP actor-critic on CartPole's spec.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MlpActorCriticBenchmarks : ActorCriticBenchmarks
{
    private static readonly EnvSpec CartPole = new() { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2 };

    /// <summary>Rows per call.</summary>
    [Params(128, 512)]
    public int Batch { get; set; }

    /// <inheritdoc />
    protected override EnvSpec Spec => CartPole;

    /// <inheritdoc />
    protected override int Rows => Batch;
}

/// <summary>TaskNodePolicy forward + backward: batch 128 × 16 nodes (2048 rows through the per-node 64-64 MLP).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TaskNodePolicyBenchmarks : ActorCriticBenchmarks
{
    private static readonly EnvSpec GraphLike = new()
    {
        Id = "graph-like", NumTasks = 16, GoalFeatureSize = 2, MaxNodes = 16, NodeVocabSize = 16, NodeFeatureSize = 4,
        GlobalFeatureSize = 2, ActionsPerNode = 1, ExtraActions = 1,
    };

    /// <inheritdoc />
    protected override EnvSpec Spec => GraphLike;

    /// <inheritdoc />
    protected override int Rows => 128;
}

/// <summary>Embedding lookup + backward for 8192 rows (512 × 16 nodes) of width 32 from a 1000-row table.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EmbeddingBenchmarks
{
    private const int Rows = 8192, Size = 32, Count = 1000;
    private Embedding _embedding = null!;
    private int[] _ids = null!;
    private float[] _output = null!;
    private float[] _dOutput = null!;

    /// <summary>Builds the table, ids and gradients.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new EnvRandom(5);
        _embedding = new Embedding(new ParameterCollection(), "emb", Count, Size);
        _embedding.InitializeNormal(random, 1f);
        _ids = Enumerable.Range(0, Rows).Select(_ => random.NextInt(Count)).ToArray();
        _output = new float[Rows * Size];
        _dOutput = BenchmarkData.Floats(Rows * Size, seed: 6);
    }

    /// <summary>Lookup of every row, then gradient accumulation into the looked-up rows.</summary>
    [Benchmark]
    public float LookupBackward()
    {
        _embedding.Forward(_ids, _output, Rows);
        _embedding.Backward(_ids, _dOutput, Rows);
        return _output[0];
    }
}

/// <summary>Random inputs for the benchmarks.</summary>
internal static class BenchmarkData
{
    public static float[] Floats(int length, long seed)
    {
        var random = new EnvRandom(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextFloat(-1f, 1f)).ToArray();
    }

    public static ObservationBatch Batch(EnvSpec spec, int count, long seed)
    {
        var random = new EnvRandom(seed);
        var batch = new ObservationBatch(spec, count);
        Floats(batch.Globals.Length, seed + 1).CopyTo(batch.Globals, 0);
        Floats(batch.GoalFeatures.Length, seed + 2).CopyTo(batch.GoalFeatures, 0);
        Floats(batch.NodeFeatures.Length, seed + 3).CopyTo(batch.NodeFeatures, 0);
        for (int i = 0; i < count; i++)
        {
            batch.TaskIds[i] = spec.NumTasks > 0 ? random.NextInt(spec.NumTasks) : 0;
        }

        for (int i = 0; i < batch.NodeIds.Length; i++)
        {
            batch.NodeIds[i] = spec.NodeVocabSize > 0 ? random.NextInt(spec.NodeVocabSize) : 0;
            batch.NodeMask[i] = random.NextFloat() < 0.8f;
        }

        Array.Fill(batch.ActionMasks, true);
        return batch;
    }
}
