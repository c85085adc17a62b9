namespace RagAgent.Envs.Abstractions;

/// <summary>What <see cref="IEnv.Step"/> returns.</summary>
/// <param name="Observation">The next observation (may be the env's reused buffer).</param>
/// <param name="Reward">Reward for the transition.</param>
/// <param name="Terminated">The MDP reached a terminal state: do not bootstrap.</param>
/// <param name="Truncated">The episode was cut (time limit): bootstrap from the value of <paramref name="Observation"/>.</param>
/// <param name="Info">Typed extra information.</param>
public readonly record struct StepResult(Observation Observation, float Reward, bool Terminated, bool Truncated, EnvInfo Info)
{
    /// <summary>True when the episode ended either way.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>What <see cref="IEnv.Reset"/> returns.</summary>
/// <param name="Observation">The first observation (may be the env's reused buffer).</param>
/// <param name="Info">Typed extra information.</param>
public readonly record struct ResetResult(Observation Observation, EnvInfo Info);

/// <summary>
/// Typed step information (in place of Gymnasium's info dict): success, episode statistics, and the env's own named
/// values in <see cref="Values"/>.
/// </summary>
/// <param name="IsSuccess">The goal was reached on this step (always false for an env whose spec has <c>HasSuccess = false</c>).</param>
/// <param name="Episode">Statistics of the episode that ended on this step, when an episode-statistics wrapper recorded them.</param>
public readonly record struct EnvInfo(bool IsSuccess, EpisodeStatistics? Episode = null)
{
    /// <summary>
    /// The env's own info values, laid out by <see cref="EnvSpec.InfoKeys"/> (null when the env reports none). The
    /// buffer belongs to the env (or the vector env) and is overwritten by its next call: copy what you keep.
    /// </summary>
    public InfoValues? Values { get; init; }
}

/// <summary>Return, length and success of one finished episode.</summary>
public readonly record struct EpisodeStatistics(float Return, int Length, bool IsSuccess);
