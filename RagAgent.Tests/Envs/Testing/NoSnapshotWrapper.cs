using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Tests.Envs.Testing;

/// <summary>Passes everything through but does not implement <see cref="ISnapshotEnv"/>, like a user's env.</summary>
internal sealed class NoSnapshotWrapper(IEnv inner) : IEnvWrapper
{
    public IEnv Inner { get; } = inner;

    public EnvSpec Spec => Inner.Spec;

    public ResetResult Reset(int? seed = null) => Inner.Reset(seed);

    public StepResult Step(int action) => Inner.Step(action);
}
