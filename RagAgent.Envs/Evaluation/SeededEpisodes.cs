using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Vector;

namespace RagAgent.Envs.Evaluation;

/// <summary>
/// One env seen by the evaluation loop as a one-copy vector env whose episode <c>k</c> is reset with seed
/// <c>seed + k</c>, so a single-env evaluation replays the same episodes for every policy. It does not own the env.
/// </summary>
internal sealed class SeededEpisodes : IVectorEnv
{
    private readonly VectorEnvCopies _copy;
    private int? _seed;
    private int _episode;

    public SeededEpisodes(IEnv env)
    {
        _copy = new VectorEnvCopies([env], nameof(EpisodeRunner));
    }

    public EnvSpec Spec => _copy.Spec;

    public int NumEnvs => 1;

    /// <summary>The reset seed of episode <paramref name="episode"/> (counted from 0), or null when reset without a seed.</summary>
    public int? SeedOf(int episode) => unchecked(_seed + episode);

    public VectorStepResult Reset(int? seed = null)
    {
        _seed = seed;
        _episode = 0;
        _copy.Reset(0, seed);
        return _copy.Result;
    }

    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        if (_copy.Step(0, actions[0], SeedOf(_episode + 1)))
        {
            _episode++;
        }

        return _copy.Result;
    }

    /// <summary>Nothing to release: the env belongs to the caller.</summary>
    public void Dispose()
    {
    }
}
