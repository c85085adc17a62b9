using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// What a vector env returns: one entry per copy. The object and its arrays are owned by the vector env and
/// overwritten by its next call, so stepping allocates nothing; copy what you need to keep.
/// </summary>
public sealed class VectorStepResult
{
    /// <summary>Allocates the buffers for <paramref name="numEnvs"/> copies of <paramref name="spec"/>.</summary>
    public VectorStepResult(EnvSpec spec, int numEnvs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        Observations = new ObservationBatch(spec, numEnvs);
        FinalObservations = new ObservationBatch(spec, numEnvs);
        Rewards = new float[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        Infos = new EnvInfo[numEnvs];
        InfoBuffers = new InfoValues[spec.InfoKeys.Count == 0 ? 0 : numEnvs];
        for (int i = 0; i < InfoBuffers.Length; i++)
        {
            InfoBuffers[i] = new InfoValues(spec);
        }
    }

    /// <summary>
    /// Current observation of each copy, row i for copy i (<c>[NumEnvs]</c> rows); after an episode ended, the new
    /// episode's first one. This is the batch a policy reads directly.
    /// </summary>
    public ObservationBatch Observations { get; }

    /// <summary>Last observation of the episode that ended on this step, row i for copy i; meaningful only where <see cref="Done"/>.</summary>
    public ObservationBatch FinalObservations { get; }

    /// <summary>Rewards of this step, <c>[NumEnvs]</c> (0 after <see cref="IVectorEnv.Reset"/>).</summary>
    public float[] Rewards { get; }

    /// <summary>Episode reached a terminal state on this step, <c>[NumEnvs]</c>.</summary>
    public bool[] Terminated { get; }

    /// <summary>Episode was cut (time limit) on this step, <c>[NumEnvs]</c>.</summary>
    public bool[] Truncated { get; }

    /// <summary>Step information of each copy, <c>[NumEnvs]</c>; carries episode statistics when an episode ended.</summary>
    public EnvInfo[] Infos { get; }

    /// <summary>
    /// The vector env's own copies of the copies' info values, <c>[NumEnvs]</c> (empty when the spec has no
    /// <see cref="EnvSpec.InfoKeys"/>): <see cref="Infos"/>[i].Values points here, so the values of a step that ended
    /// an episode survive the reset that follows it.
    /// </summary>
    internal InfoValues[] InfoBuffers { get; }

    /// <summary>
    /// Stores <paramref name="info"/> as copy <paramref name="index"/>'s info, its values copied into the vector env's
    /// own buffer (the env's buffer is overwritten by its next call, which may be the auto-reset).
    /// </summary>
    internal void SetInfo(int index, EnvInfo info)
    {
        if (info.Values is InfoValues values && InfoBuffers.Length > 0)
        {
            values.CopyTo(InfoBuffers[index]);
            info = info with { Values = InfoBuffers[index] };
        }

        Infos[index] = info;
    }

    /// <summary>True when copy <paramref name="index"/> ended an episode on this step.</summary>
    public bool Done(int index) => Terminated[index] || Truncated[index];
}
