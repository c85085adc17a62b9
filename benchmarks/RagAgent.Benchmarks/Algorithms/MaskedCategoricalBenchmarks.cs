using BenchmarkDotNet.Attributes;
using RagAgent.Core.Distributions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>The masked categorical over a [128, actions] batch with about a third of the actions forbidden.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MaskedCategoricalBenchmarks
{
    private const int Batch = 128;
    private float[] _logits = null!;
    private bool[] _masks = null!;
    private int[] _actions = null!;
    private float[] _logProbs = null!;
    private float[] _entropies = null!;
    private float[] _grad = null!;
    private EnvRandom _random = null!;

    /// <summary>Actions per row.</summary>
    [Params(2, 64)]
    public int Actions { get; set; }

    /// <summary>Random logits and masks (every row keeps at least one allowed action).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new EnvRandom(1);
        _logits = new float[Batch * Actions];
        _masks = new bool[Batch * Actions];
        for (int i = 0; i < _logits.Length; i++)
        {
            _logits[i] = random.NextFloat(-3f, 3f);
            _masks[i] = random.NextFloat() < 0.67f || i % Actions == 0;
        }

        _actions = new int[Batch];
        _logProbs = new float[Batch];
        _entropies = new float[Batch];
        _grad = new float[Actions];
        _random = new EnvRandom(2);
        MaskedCategorical.SampleBatch(_logits, _masks, Actions, _random, _actions, _logProbs);
    }

    /// <summary>One action per row by inverse CDF.</summary>
    [Benchmark]
    public void SampleBatch() => MaskedCategorical.SampleBatch(_logits, _masks, Actions, _random, _actions, _logProbs);

    /// <summary>Log-probability and entropy of every row (the update's re-evaluation).</summary>
    [Benchmark]
    public void EvaluateBatch() => MaskedCategorical.EvaluateBatch(_logits, _masks, Actions, _actions, _logProbs, _entropies);

    /// <summary>The PPO loss gradient with respect to every row's logits.</summary>
    [Benchmark]
    public void GradientRows()
    {
        for (int r = 0; r < Batch; r++)
        {
            MaskedCategorical.Gradient(
                _logits.AsSpan(r * Actions, Actions), _masks.AsSpan(r * Actions, Actions), _actions[r], 0.3f, -0.01f, _grad);
        }
    }
}
