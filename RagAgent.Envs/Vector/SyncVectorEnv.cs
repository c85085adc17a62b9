using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// Steps its env copies one after another on the calling thread, with same-step autoreset (see
/// <see cref="IVectorEnv"/>). Allocates nothing per step beyond what the copies allocate.
/// </summary>
public sealed class SyncVectorEnv : ISnapshotVectorEnv
{
    private readonly VectorEnvCopies _copies;
    private bool _started;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="envs"/>: distinct env objects with one spec.</summary>
    public SyncVectorEnv(IReadOnlyList<IEnv> envs)
    {
        _copies = new VectorEnvCopies(envs, nameof(SyncVectorEnv));
    }

    /// <inheritdoc />
    public EnvSpec Spec => _copies.Spec;

    /// <inheritdoc />
    public int NumEnvs => _copies.Count;

    /// <inheritdoc />
    public VectorStepResult Reset(int? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _copies.Count; i++)
        {
            _copies.Reset(i, seed);
        }

        _started = true;
        return _copies.Result;
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => _copies.SupportsSnapshots;

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _copies.SaveState(writer, _started);
    }

    /// <inheritdoc />
    public VectorStepResult RestoreState(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _copies.RestoreState(reader);
        _started = true;
        return _copies.Result;
    }

    /// <inheritdoc />
    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        VectorEnvGuards.ThrowIfCannotStep(_started, actions, _copies.Count, nameof(SyncVectorEnv));
        for (int i = 0; i < _copies.Count; i++)
        {
            _copies.Step(i, actions[i]);
        }

        return _copies.Result;
    }

    /// <summary>Disposes the copies that are disposable.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _copies.Dispose();
        }
    }
}
