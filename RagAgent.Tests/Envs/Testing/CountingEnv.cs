using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Testing;

/// <summary>
/// A transparent env for tests: globals are <c>[step in episode, episode number]</c>, the reward of action a is
/// <c>a + 0.5</c>, action 2 reports success, and the episode ends after <c>episodeLength</c> steps, by termination
/// or by truncation. <c>Reset(seed)</c> sets the episode number to <c>1000·seed</c>; <c>Reset()</c> increments it.
/// </summary>
internal sealed class CountingEnv : IEnv
{
    private readonly int _episodeLength;
    private readonly bool _truncates;
    private readonly Observation _observation;
    private int _t;
    private int _episode;
    private bool _done = true;

    public CountingEnv(int episodeLength, bool truncates)
    {
        _episodeLength = episodeLength;
        _truncates = truncates;
        Spec = new EnvSpec { Id = "counting", GlobalFeatureSize = 2, ExtraActions = 3, MaxEpisodeSteps = truncates ? episodeLength : null };
        _observation = new Observation(Spec);
    }

    public EnvSpec Spec { get; }

    public ResetResult Reset(int? seed = null)
    {
        _episode = seed is int s ? 1000 * s : _episode + 1;
        _t = 0;
        _done = false;
        Write();
        return new ResetResult(_observation, default);
    }

    public StepResult Step(int action)
    {
        if (_done)
        {
            throw new InvalidOperationException("counting: episode ended; call Reset.");
        }

        InvalidActionException.ThrowIfNotAllowed(Spec, action, _observation.ActionMask);
        _t++;
        _done = _t == _episodeLength;
        Write();
        return new StepResult(_observation, action + 0.5f, _done && !_truncates, _done && _truncates, new EnvInfo(action == 2));
    }

    private void Write()
    {
        _observation.Globals[0] = _t;
        _observation.Globals[1] = _episode;
    }
}
