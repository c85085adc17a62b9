using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// The copies of a vector env and the per-copy reset / step-with-autoreset that <see cref="SyncVectorEnv"/> and
/// <see cref="ParallelVectorEnv"/> share. Each method touches only entry <c>index</c> of the result, so distinct
/// copies may be stepped on distinct threads.
/// </summary>
internal sealed class VectorEnvCopies
{
    private const int SnapshotVersion = 1;
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
        Result.Observations.Write(index, reset.Observation);
        Result.Rewards[index] = 0f;
        Result.Terminated[index] = false;
        Result.Truncated[index] = false;
        Result.SetInfo(index, reset.Info);
    }

    /// <summary>
    /// Steps copy <paramref name="index"/>; when its episode ends, keeps the final observation and resets it with
    /// <paramref name="resetSeed"/> (null continues the copy's random stream). Returns whether the episode ended.
    /// </summary>
    public bool Step(int index, int action, int? resetSeed = null)
    {
        IEnv env = _envs[index];
        StepResult step = env.Step(action);
        Result.Rewards[index] = step.Reward;
        Result.Terminated[index] = step.Terminated;
        Result.Truncated[index] = step.Truncated;
        Result.SetInfo(index, step.Info);
        if (step.Done)
        {
            Result.FinalObservations.Write(index, step.Observation);
            Result.Observations.Write(index, env.Reset(resetSeed).Observation);
        }
        else
        {
            Result.Observations.Write(index, step.Observation);
        }

        return step.Done;
    }

    public bool SupportsSnapshots => Array.TrueForAll(_envs, EnvSnapshot.Supports);

    /// <summary>Writes the header, the copy count and every copy's state; <paramref name="started"/> tells whether the owner was reset.</summary>
    public void SaveState(BinaryWriter writer, bool started)
    {
        if (!started)
        {
            throw new InvalidOperationException($"Vector env '{Spec.Id}': call Reset before saving a snapshot.");
        }

        ISnapshotEnv[] envs = RequireSnapshots();
        var snapshot = new SnapshotWriter(writer, SnapshotTag, SnapshotVersion);
        snapshot.Write(envs.Length);
        foreach (ISnapshotEnv env in envs)
        {
            env.SaveState(writer);
        }
    }

    /// <summary>Restores every copy and fills <see cref="Result"/> as after a reset.</summary>
    public void RestoreState(BinaryReader reader)
    {
        ISnapshotEnv[] envs = RequireSnapshots();
        var snapshot = new SnapshotReader(reader, SnapshotTag, SnapshotVersion);
        int count = snapshot.ReadInt32("copies");
        if (count != envs.Length)
        {
            throw snapshot.Invalid($"the snapshot has {count} copies; this vector env has {envs.Length}");
        }

        for (int i = 0; i < envs.Length; i++)
        {
            try
            {
                Result.Observations.Write(i, envs[i].RestoreState(reader));
            }
            catch (InvalidDataException e)
            {
                throw snapshot.Invalid($"copy {i}: {e.Message}", e);
            }

            Result.Rewards[i] = 0f;
            Result.Terminated[i] = false;
            Result.Truncated[i] = false;
            Result.Infos[i] = default;
        }
    }

    public void Dispose()
    {
        foreach (IEnv env in _envs)
        {
            (env as IDisposable)?.Dispose();
        }
    }

    private string SnapshotTag => $"vector({Spec.Id})";

    private ISnapshotEnv[] RequireSnapshots()
    {
        var envs = new ISnapshotEnv[_envs.Length];
        for (int i = 0; i < _envs.Length; i++)
        {
            envs[i] = _envs[i] as ISnapshotEnv is { SupportsSnapshots: true } env
                ? env
                : throw new NotSupportedException(
                    $"Vector env '{Spec.Id}': copy {i} ({_envs[i].GetType().Name}) does not support snapshots; it or an env it wraps does not implement ISnapshotEnv.");
        }

        return envs;
    }
}
