using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>An env that wraps another env, changing part of its behaviour; lets callers walk a wrapper stack.</summary>
public interface IEnvWrapper : IEnv
{
    /// <summary>The wrapped env.</summary>
    IEnv Inner { get; }
}
