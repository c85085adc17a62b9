namespace RagAgent.Envs.Evaluation;

/// <summary>How many episodes an evaluation plays, how they are seeded and how success is counted.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Episodes to play (<c>n_eval_episodes</c>), at least 1.</summary>
    public int Episodes { get; init; } = 10;

    /// <summary>
    /// On a single env, episode <c>k</c> is reset with seed <c>Seed + k</c>; a vector env is reset once with it.
    /// A policy that samples seeds its generator with it too.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Guard against an env that never ends an episode: an episode reaching this many steps without terminating or
    /// truncating stops the evaluation with an error naming the env and the episode.
    /// </summary>
    public int MaxStepsPerEpisode { get; init; } = 100_000;

    /// <summary>
    /// Whether the env has a notion of success. <c>null</c> (default): none when the env's spec says
    /// <c>HasSuccess = false</c>; otherwise success is counted when the env is
    /// multi-goal (<c>EnvSpec.NumTasks &gt; 0</c>) or any evaluated step reports <c>EnvInfo.IsSuccess</c>;
    /// otherwise <see cref="EvaluationResult.SuccessRate"/> is <c>null</c> ("not defined"), never 0. <c>true</c>
    /// counts success even when no episode succeeds; <c>false</c> declares there is none (a step reporting success
    /// is then an error).
    /// </summary>
    public bool? HasSuccess { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (Episodes < 1)
        {
            throw new ArgumentException($"EvaluationOptions.Episodes must be at least 1, got {Episodes}.", nameof(Episodes));
        }

        if (MaxStepsPerEpisode < 1)
        {
            throw new ArgumentException($"EvaluationOptions.MaxStepsPerEpisode must be at least 1, got {MaxStepsPerEpisode}.", nameof(MaxStepsPerEpisode));
        }
    }
}
