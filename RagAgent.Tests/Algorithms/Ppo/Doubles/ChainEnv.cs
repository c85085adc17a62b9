using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Algorithms.Ppo.Doubles;

/// <summary>
/// A tiny deterministic test env: a chain of <see cref="Length"/> cells, observation one-hot of the position.
/// Actions: 0 left (forbidden at cell 0), 1 right, 2 never allowed. Reaching the last cell terminates with +1;
/// every other step costs 0.05; episodes are truncated after <see cref="MaxSteps"/> steps.
/// </summary>
internal sealed class ChainEnv : IEnv
{
    public const int Length = 6;
    public const int MaxSteps = 12;

    private readonly Observation _observation;
    private readonly EnvRandom _random = new(0);
    private int _position;
    private int _steps;

    public ChainEnv()
    {
        _observation = new Observation(Spec);
    }

    public static EnvSpec ChainSpec { get; } = new()
    {
        Id = "chain",
        GlobalFeatureSize = Length,
        ExtraActions = 3,
        MaxEpisodeSteps = MaxSteps,
        RewardThreshold = 0.9f,
    };

    public EnvSpec Spec => ChainSpec;

    public ResetResult Reset(int? seed = null)
    {
        if (seed is int s)
        {
            _random.Reseed(s);
        }

        _position = _random.NextInt(Length - 1);
        _steps = 0;
        Fill();
        return new ResetResult(_observation, default);
    }

    public StepResult Step(int action)
    {
        InvalidActionException.ThrowIfNotAllowed(Spec, action, _observation.ActionMask);
        _position += action == 0 ? -1 : 1;
        _steps++;
        bool terminated = _position == Length - 1;
        bool truncated = !terminated && _steps >= MaxSteps;
        Fill();
        return new StepResult(_observation, terminated ? 1f : -0.05f, terminated, truncated, new EnvInfo(terminated));
    }

    private void Fill()
    {
        Array.Clear(_observation.Globals);
        _observation.Globals[Math.Min(_position, Length - 1)] = 1f;
        _observation.ActionMask[0] = _position > 0;
        _observation.ActionMask[1] = true;
        _observation.ActionMask[2] = false;
    }
}
