using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Algorithms.Ppo.Doubles;

/// <summary>Same-step autoreset over copies of an <see cref="IEnv"/>, without episode statistics (a test double).</summary>
internal sealed class TestVectorEnv : IVectorEnv
{
    private readonly IEnv[] _envs;
    private readonly VectorStepResult _result;

    public TestVectorEnv(int numEnvs, Func<IEnv> factory)
    {
        _envs = new IEnv[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            _envs[i] = factory();
        }

        Spec = _envs[0].Spec;
        _result = new VectorStepResult(Spec, numEnvs);
    }

    public EnvSpec Spec { get; }

    public int NumEnvs => _envs.Length;

    public int Steps { get; private set; }

    public VectorStepResult Reset(int? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            _envs[i].Reset(seed + i).Observation.CopyTo(_result.Observations[i]);
            _result.Rewards[i] = 0f;
            _result.Terminated[i] = false;
            _result.Truncated[i] = false;
            _result.Infos[i] = default;
        }

        return _result;
    }

    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        Steps++;
        for (int i = 0; i < _envs.Length; i++)
        {
            StepResult step = _envs[i].Step(actions[i]);
            _result.Rewards[i] = step.Reward;
            _result.Terminated[i] = step.Terminated;
            _result.Truncated[i] = step.Truncated;
            _result.Infos[i] = step.Info;
            if (step.Done)
            {
                step.Observation.CopyTo(_result.FinalObservations[i]);
                _envs[i].Reset().Observation.CopyTo(_result.Observations[i]);
            }
            else
            {
                step.Observation.CopyTo(_result.Observations[i]);
            }
        }

        return _result;
    }

    public void Dispose()
    {
    }
}
