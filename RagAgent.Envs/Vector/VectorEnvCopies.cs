using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// The copies of a vector env and the per-copy reset / step-with-autoreset that <see cref="SyncVectorEnv"/> and
/// <see cref="ParallelVectorEnv"/> share. Each method touches only entry <c>index</c> of the result, so distinct
/// copies may be stepped on distinct threads.
/// </summary>
internal sealed class VectorEnvCopies
{
    private readonly IEnv[] _envs;

    public VectorEnvCopies(IReadOnlyList<IEnv> envs, string owner)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.Count == 0)
        {
            throw new ArgumentException($"{owner} needs at least one env copy.", nameof(envs));
        }

        _envs = new IEnv[envs.Count];
        var seen = new HashSet<IEnv>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < envs.Count; i++)
        {
            IEnv env = envs[i] ?? throw new ArgumentException($"{owner}: env copy {i} is null.", nameof(envs));
            if (!seen.Add(env))
            {
                throw new ArgumentException($"{owner}: env copy {i} is the same object as an earlier copy; pass distinct envs.", nameof(envs));
            }

            if (i > 0 && env.Spec != envs[0].Spec)
            {
                throw new ArgumentException(
                    $"{owner}: env copy {i} has spec {env.Spec}, which differs from copy 0's spec {envs[0].Spec}.", nameof(envs));
            }

            _envs[i] = env;
        }

        Spec = _envs[0].Spec;
        Result = new VectorStepResult(Spec, _envs.Length);
    }

    public EnvSpec Spec { get; }

    public int Count => _envs.Length;

    public VectorStepResult Result { get; }

    /// <summary>Resets copy <paramref name="index"/>, seeded with <c>seed + index</c> when a seed is given.</summary>
    public void Reset(int index, int? seed)
    {
        ResetResult reset = _envs[index].Reset(seed + index);
        ObservationCopy.Copy(reset.Observation, Result.Observations[index]);
        Result.Rewards[index] = 0f;
        Result.Terminated[index] = false;
        Result.Truncated[index] = false;
        Result.Infos[index] = reset.Info;
    }

    /// <summary>Steps copy <paramref name="index"/>; when its episode ends, keeps the final observation and resets it.</summary>
    public void Step(int index, int action)
    {
        IEnv env = _envs[index];
        StepResult step = env.Step(action);
        Result.Rewards[index] = step.Reward;
        Result.Terminated[index] = step.Terminated;
        Result.Truncated[index] = step.Truncated;
        Result.Infos[index] = step.Info;
        if (step.Done)
        {
            ObservationCopy.Copy(step.Observation, Result.FinalObservations[index]);
            ObservationCopy.Copy(env.Reset().Observation, Result.Observations[index]);
        }
        else
        {
            ObservationCopy.Copy(step.Observation, Result.Observations[index]);
        }
    }

    public void Dispose()
    {
        foreach (IEnv env in _envs)
        {
            (env as IDisposable)?.Dispose();
        }
    }
}
