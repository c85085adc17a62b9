namespace RagAgent.Envs.Abstractions;

/// <summary>
/// Optional capability of an <see cref="IEnv"/>: save its complete dynamic state (episode state, random generator
/// state, anything that affects future observations, rewards and infos) and restore it into an env built with the
/// same options, so that stepping the restored env with the same actions gives bit-identical results. Training uses
/// it to resume from a checkpoint without replaying the actions taken so far.
/// </summary>
/// <remarks>
/// <para><b>Format</b>: little-endian <see cref="BinaryWriter"/> primitives. Each env (and each wrapper) writes a
/// section that starts with a header — its tag (a length-prefixed UTF-8 string: the env id, or for a wrapper
/// <c>Wrapper(inner id)</c>) and an int32 format version — then its fields in an order of its own; a wrapper's section
/// ends with its inner env's section. Use <see cref="SnapshotWriter"/> and <see cref="SnapshotReader"/> to write and
/// read a section, and <see cref="EnvSnapshot"/> for a whole snapshot as a byte array.</para>
/// <para>Configuration (the options an env was built with, a world generated from its seed) is not saved: restore
/// into an env built the same way. Saving may allocate; stepping must not.</para>
/// </remarks>
public interface ISnapshotEnv : IEnv
{
    /// <summary>
    /// True when <see cref="SaveState"/> and <see cref="RestoreState"/> work: always for an env, and for a wrapper
    /// only when its inner env supports snapshots.
    /// </summary>
    bool SupportsSnapshots { get; }

    /// <summary>Writes the env's dynamic state, header first, at <paramref name="writer"/>'s position.</summary>
    /// <exception cref="NotSupportedException"><see cref="SupportsSnapshots"/> is false.</exception>
    void SaveState(BinaryWriter writer);

    /// <summary>
    /// Reads a state written by <see cref="SaveState"/> of an env built with the same options and makes it this env's
    /// state; on failure the env is left in an unspecified state (reset it before use).
    /// </summary>
    /// <returns>The restored current observation (the env's own buffer), equal to the one of the saved env.</returns>
    /// <exception cref="InvalidDataException">The data is truncated, is of another env or version, or holds values
    /// this env cannot be in; the message names the env.</exception>
    /// <exception cref="NotSupportedException"><see cref="SupportsSnapshots"/> is false.</exception>
    Observation RestoreState(BinaryReader reader);
}
