using BenchmarkDotNet.Attributes;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Benchmarks.Envs;

/// <summary>
/// Env steps per second of every registered env: one copy, a <see cref="SyncVectorEnv"/> of 16 and a
/// <see cref="ParallelVectorEnv"/> of 16 (both built by <see cref="EnvRegistry.MakeVector"/>, so with episode
/// statistics and autoreset, as in training). Each operation is one env step (one copy stepped once), with a
/// random allowed action; the allocation column is bytes per env step.
/// </summary>
[MemoryDiagnoser]
public class EnvStepBenchmarks
{
    private const int NumEnvs = 16;
    private const int VectorStepsPerInvoke = 256;
    private const int SingleStepsPerInvoke = VectorStepsPerInvoke * NumEnvs;

    private readonly EnvRandom _random = new(0);
    private readonly int[] _actions = new int[NumEnvs];
    private IEnv _single = null!;
    private Observation _singleObservation = null!;
    private IVectorEnv _sync = null!;
    private IVectorEnv _parallel = null!;
    private VectorStepResult _syncResult = null!;
    private VectorStepResult _parallelResult = null!;

    /// <summary>Every id of the default registry.</summary>
    public static IEnumerable<string> EnvIds => EnvRegistry.CreateDefault().Ids;

    /// <summary>The env measured.</summary>
    [ParamsSource(nameof(EnvIds))]
    public string EnvId { get; set; } = "cartpole";

    [GlobalSetup]
    public void Setup()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        _single = registry.Make(EnvId);
        _singleObservation = _single.Reset(seed: 0).Observation;
        _sync = registry.MakeVector(EnvId, NumEnvs);
        _syncResult = _sync.Reset(seed: 0);
        _parallel = registry.MakeVector(EnvId, NumEnvs, parallel: true);
        _parallelResult = _parallel.Reset(seed: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _parallel.Dispose();
    }

    [Benchmark(OperationsPerInvoke = SingleStepsPerInvoke)]
    public float SingleCopy()
    {
        float rewards = 0f;
        for (int t = 0; t < SingleStepsPerInvoke; t++)
        {
            StepResult step = _single.Step(SampleAllowed(_singleObservation.ActionMask));
            rewards += step.Reward;
            _singleObservation = step.Done ? _single.Reset().Observation : step.Observation;
        }

        return rewards;
    }

    [Benchmark(OperationsPerInvoke = VectorStepsPerInvoke * NumEnvs)]
    public float Sync16() => StepVector(_sync, ref _syncResult);

    [Benchmark(OperationsPerInvoke = VectorStepsPerInvoke * NumEnvs)]
    public float Parallel16() => StepVector(_parallel, ref _parallelResult);

    private float StepVector(IVectorEnv vector, ref VectorStepResult result)
    {
        float rewards = 0f;
        for (int t = 0; t < VectorStepsPerInvoke; t++)
        {
            for (int i = 0; i < NumEnvs; i++)
            {
                _actions[i] = SampleAllowed(result.Observations.ActionMask(i));
            }

            result = vector.Step(_actions);
            rewards += result.Rewards[0];
        }

        return rewards;
    }

    /// <summary>A random action, moved forward to the next allowed one (cheap; not exactly uniform over allowed actions).</summary>
    private int SampleAllowed(ReadOnlySpan<bool> actionMask)
    {
        int action = _random.NextInt(actionMask.Length);
        while (!actionMask[action])
        {
            action = action + 1 == actionMask.Length ? 0 : action + 1;
        }

        return action;
    }
}
