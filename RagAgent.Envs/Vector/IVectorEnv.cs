using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// <see cref="NumEnvs"/> copies of one env stepped together, with same-step autoreset: when copy <c>i</c> ends an
/// episode, it is reset within the same <see cref="Step"/>, <see cref="VectorStepResult.Observations"/>[i] is the
/// first observation of the new episode and <see cref="VectorStepResult.FinalObservations"/>[i] the last
/// observation of the finished one (for bootstrapping truncated episodes).
/// </summary>
public interface IVectorEnv : IDisposable
{
    /// <summary>Spec shared by every copy.</summary>
    EnvSpec Spec { get; }

    /// <summary>Number of copies.</summary>
    int NumEnvs { get; }

    /// <summary>Resets every copy; copy <c>i</c> is seeded with <c>seed + i</c> when <paramref name="seed"/> is given.</summary>
    VectorStepResult Reset(int? seed = null);

    /// <summary>Steps every copy with its action; <paramref name="actions"/> is <c>[NumEnvs]</c>.</summary>
    VectorStepResult Step(ReadOnlySpan<int> actions);
}
