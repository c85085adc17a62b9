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
            _result.Observations.Write(i, _envs[i].Reset(seed + i).Observation);
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
                _result.FinalObservations.Write(i, step.Observation);
                _result.Observations.Write(i, _envs[i].Reset().Observation);
            }
            else
            {
                _result.Observations.Write(i, step.Observation);
            }
        }

        return _result;
    }

    public void Dispose()
    {
    }
}
