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

    /// <summary>True when copy <paramref name="index"/> ended an episode on this step.</summary>
    public bool Done(int index) => Terminated[index] || Truncated[index];
}
