using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs.Checking;

/// <summary>The one contract violation a <see cref="BrokenEnv"/> commits.</summary>
public enum Flaw
{
    None,
    InvalidSpec,
    WrongGlobalSize,
    NaNObservation,
    NaNReward,
    TaskIdOutOfRange,
    NodeIdOutOfRange,
    EmptyMaskWhileRunning,
    PaddingActionAllowed,
    AcceptsForbiddenAction,
    WrongExceptionForForbiddenAction,
    IgnoresSeed,
    TruncatesEarly,
    NeverTruncates,
    AcceptsStepAfterDone,
    ThrowsOnAllowedAction,
}

/// <summary>
/// A small valid multi-goal env — 3 real nodes and 1 padding node, goal = one of the real nodes, 5 extra "wait"
/// actions, moving to the goal node terminates, 20-step truncation — that can be made to commit one <see cref="Flaw"/>.
/// </summary>
internal sealed class BrokenEnv : IEnv
{
    private const int MaxSteps = 20;
    private readonly Flaw _flaw;
    private readonly EnvSpec _spec;
    private readonly Observation _observation;
    private readonly EnvRandom _random = new(0);
    private int _unseededResets;
    private int _goal;
    private int _position;
    private int _t;
    private bool _done = true;

    public BrokenEnv(Flaw flaw)
    {
        _flaw = flaw;
        _spec = new EnvSpec
        {
            Id = "broken-" + flaw.ToString().ToLowerInvariant(),
            NumTasks = 3,
            MaxNodes = 4,
            NodeVocabSize = 10,
            NodeFeatureSize = 1,
            GlobalFeatureSize = 2,
            ActionsPerNode = 1,
            ExtraActions = 5,
            MaxEpisodeSteps = MaxSteps,
        };
        _observation = new Observation(flaw == Flaw.WrongGlobalSize ? _spec with { GlobalFeatureSize = 3 } : _spec);
        _observation.NodeMask[3] = false;
    }

    public EnvSpec Spec => _flaw == Flaw.InvalidSpec ? _spec with { ExtraActions = -1 } : _spec;

    public ResetResult Reset(int? seed = null)
    {
        if (_flaw == Flaw.IgnoresSeed)
        {
            _random.Reseed(++_unseededResets);
        }
        else if (seed is int s)
        {
            _random.Reseed(s);
        }

        _goal = _random.NextInt(3);
        _position = _random.NextInt(3);
        _t = 0;
        _done = false;
        Write();
        return new ResetResult(_observation, default);
    }

    public StepResult Step(int action)
    {
        if (_done && _flaw != Flaw.AcceptsStepAfterDone)
        {
            throw new InvalidOperationException("broken: the episode ended; call Reset.");
        }

        if ((uint)action >= (uint)_observation.ActionMask.Length)
        {
            InvalidActionException.ThrowIfNotAllowed(_spec, action, _observation.ActionMask);
        }

        if (!_observation.ActionMask[action])
        {
            if (_flaw == Flaw.WrongExceptionForForbiddenAction)
            {
                throw new ArgumentException($"action {action} is not allowed", nameof(action));
            }

            if (_flaw != Flaw.AcceptsForbiddenAction)
            {
                InvalidActionException.ThrowIfNotAllowed(_spec, action, _observation.ActionMask);
            }
        }

        _t++;
        if (_flaw == Flaw.ThrowsOnAllowedAction && _t == 4)
        {
            throw new KeyNotFoundException("broken: bug in the transition");
        }

        bool terminated = false;
        float reward = -0.1f;
        if (action < 4)
        {
            _position = action;
            terminated = action == _goal;
            reward = terminated ? 1f : -0.1f;
        }

        if (_flaw == Flaw.NaNReward && _t == 2)
        {
            reward = float.NaN;
        }

        int truncateAt = _flaw == Flaw.TruncatesEarly ? 2 : MaxSteps;
        bool truncated = !terminated && _t >= truncateAt && _flaw != Flaw.NeverTruncates;
        _done = terminated || truncated;
        Write();
        return new StepResult(_observation, reward, terminated, truncated, new EnvInfo(terminated));
    }

    private void Write()
    {
        _observation.TaskId = _flaw == Flaw.TaskIdOutOfRange ? 3 : _goal;
        for (int node = 0; node < 3; node++)
        {
            _observation.NodeIds[node] = node + 1;
            _observation.NodeFeatures[node] = node == _position ? 1f : 0f;
            _observation.ActionMask[node] = node != _position;
        }

        if (_flaw == Flaw.NodeIdOutOfRange)
        {
            _observation.NodeIds[1] = 10;
        }

        _observation.ActionMask[3] = _flaw == Flaw.PaddingActionAllowed;
        for (int extra = 4; extra < 9; extra++)
        {
            _observation.ActionMask[extra] = !(_flaw == Flaw.EmptyMaskWhileRunning && _t == 3);
        }

        if (_flaw == Flaw.EmptyMaskWhileRunning && _t == 3)
        {
            Array.Fill(_observation.ActionMask, false);
        }

        _observation.Globals[0] = _t;
        _observation.Globals[1] = _flaw == Flaw.NaNObservation && _t == 5 ? float.NaN : _position;
    }
}
