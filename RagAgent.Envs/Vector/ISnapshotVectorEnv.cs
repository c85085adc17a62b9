using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// A vector env that can save the state of all its copies and restore it into a vector env built the same way (same
/// env factory, options and number of copies), so that stepping the restored one with the same actions gives
/// bit-identical results. Works when every copy is an <see cref="ISnapshotEnv"/> that supports snapshots.
/// </summary>
/// <remarks>
/// Format: a header (tag <c>vector(env id)</c>, version), the number of copies (int32), then each copy's
/// <see cref="ISnapshotEnv"/> section in order. The vector envs autoreset within the step, so between calls no copy
/// has a pending reset and the copies' states are all there is; a snapshot of a <see cref="SyncVectorEnv"/> restores
/// into a <see cref="ParallelVectorEnv"/> and back.
/// </remarks>
public interface ISnapshotVectorEnv : IVectorEnv
{
    /// <summary>True when every copy supports snapshots (<see cref="EnvSnapshot.Supports"/>).</summary>
    bool SupportsSnapshots { get; }

    /// <summary>Writes the state of every copy at <paramref name="writer"/>'s position.</summary>
    /// <exception cref="NotSupportedException">A copy does not support snapshots.</exception>
    /// <exception cref="InvalidOperationException">The vector env has not been reset yet.</exception>
    void SaveState(BinaryWriter writer);

    /// <summary>
    /// Restores every copy from a state written by <see cref="SaveState"/>; the vector env may be fresh (not reset).
    /// </summary>
    /// <returns>The result buffers with <see cref="VectorStepResult.Observations"/> set to the copies' current
    /// observations, rewards 0, no episode ended and default infos (as after <see cref="IVectorEnv.Reset"/>).</returns>
    /// <exception cref="InvalidDataException">The data is invalid, truncated, of another env or number of copies; names
    /// the env and the copy.</exception>
    /// <exception cref="NotSupportedException">A copy does not support snapshots.</exception>
    VectorStepResult RestoreState(BinaryReader reader);
}
