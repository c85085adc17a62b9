namespace RagAgent.Envs.Abstractions;

/// <summary>Whole-snapshot helpers over <see cref="ISnapshotEnv"/>: capability check, save to and restore from bytes.</summary>
public static class EnvSnapshot
{
    /// <summary>True when <paramref name="env"/> implements <see cref="ISnapshotEnv"/> and supports snapshots.</summary>
    public static bool Supports(IEnv env) => env is ISnapshotEnv { SupportsSnapshots: true };

    /// <summary>The state of <paramref name="env"/> as bytes (the format of <see cref="ISnapshotEnv"/>).</summary>
    /// <exception cref="NotSupportedException">The env does not support snapshots.</exception>
    public static byte[] Save(IEnv env) => ToBytes(RequireSnapshots(env).SaveState);

    /// <summary>Restores <paramref name="env"/> from <paramref name="state"/> written by <see cref="Save"/>.</summary>
    /// <returns>The restored current observation (the env's own buffer).</returns>
    /// <exception cref="InvalidDataException">The data is invalid, truncated or has bytes left over; names the env.</exception>
    /// <exception cref="NotSupportedException">The env does not support snapshots.</exception>
    public static Observation Restore(IEnv env, byte[] state)
    {
        ISnapshotEnv snapshots = RequireSnapshots(env);
        return FromBytes(state, $"Env '{env.Spec.Id}'", snapshots.RestoreState);
    }

    /// <summary>Runs <paramref name="save"/> on a writer over a new buffer and returns the bytes written.</summary>
    public static byte[] ToBytes(Action<BinaryWriter> save)
    {
        ArgumentNullException.ThrowIfNull(save);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Runs <paramref name="restore"/> on a reader over <paramref name="state"/> and checks that it read every byte.
    /// </summary>
    /// <param name="state">The snapshot bytes.</param>
    /// <param name="owner">Names the restored object in errors, for example <c>Env 'cartpole'</c>.</param>
    /// <param name="restore">Reads the snapshot.</param>
    /// <exception cref="InvalidDataException">Bytes are left over, or the reader ran out of data.</exception>
    public static T FromBytes<T>(byte[] state, string owner, Func<BinaryReader, T> restore)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(restore);
        using var stream = new MemoryStream(state, writable: false);
        using var reader = new BinaryReader(stream);
        T result;
        try
        {
            result = restore(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{owner}: the snapshot is truncated ({state.Length} bytes).", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException(
                $"{owner}: the snapshot has {stream.Length - stream.Position} bytes left over after {stream.Position}; it was written by another env or wrapper stack.");
        }

        return result;
    }

    private static ISnapshotEnv RequireSnapshots(IEnv env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env is ISnapshotEnv { SupportsSnapshots: true } snapshots
            ? snapshots
            : throw new NotSupportedException($"Env '{env.Spec.Id}' ({env.GetType().Name}) does not support snapshots: it or an env it wraps does not implement ISnapshotEnv.");
    }
}
