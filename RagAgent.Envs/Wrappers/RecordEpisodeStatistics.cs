using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>
/// Sums the reward, counts the steps and remembers success over each episode, and puts the totals into
/// <see cref="EnvInfo.Episode"/> of the step that ends the episode (terminated or truncated). An episode counts
/// as a success when any of its steps reported <see cref="EnvInfo.IsSuccess"/>.
/// </summary>
public sealed class RecordEpisodeStatistics : IEnvWrapper
{
    private double _return;
    private int _length;
    private bool _success;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    public RecordEpisodeStatistics(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Inner = env;
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec => Inner.Spec;

    /// <summary>Statistics of the last finished episode, or null before the first one ends.</summary>
    public EpisodeStatistics? LastEpisode { get; private set; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        ResetResult reset = Inner.Reset(seed);
        _return = 0;
        _length = 0;
        _success = false;
        return reset;
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult step = Inner.Step(action);
        _return += step.Reward;
        _length++;
        _success |= step.Info.IsSuccess;
        if (!step.Done)
        {
            return step;
        }

        var episode = new EpisodeStatistics((float)_return, _length, _success);
        LastEpisode = episode;
        return step with { Info = step.Info with { Episode = episode } };
    }
}
