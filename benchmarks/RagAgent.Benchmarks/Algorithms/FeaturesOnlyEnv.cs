using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>
/// Hides the task id and the node ids of a multi-goal env (spec with <c>NumTasks = 0</c>, <c>NodeVocabSize = 0</c>),
/// so a task-node policy builds no task or node embedding and must act on goal, node and global features alone.
/// Dynamics, rewards and masks are the inner env's.
/// </summary>
public sealed class FeaturesOnlyEnv : IEnvWrapper
{
    private readonly Observation _observation;

    /// <summary>Wraps <paramref name="inner"/>, which must have node features.</summary>
    public FeaturesOnlyEnv(IEnv inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.Spec.MaxNodes > 0 && inner.Spec.NodeFeatureSize == 0)
        {
            throw new ArgumentException($"Env '{inner.Spec.Id}' has no node features; hiding its node ids leaves nothing.", nameof(inner));
        }

        Inner = inner;
        Spec = inner.Spec with { NumTasks = 0, NodeVocabSize = 0 };
        _observation = new Observation(Spec);
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        ResetResult r = Inner.Reset(seed);
        return new ResetResult(Strip(r.Observation), r.Info);
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult r = Inner.Step(action);
        return new StepResult(Strip(r.Observation), r.Reward, r.Terminated, r.Truncated, r.Info);
    }

    private Observation Strip(Observation source)
    {
        source.CopyTo(_observation);
        _observation.TaskId = 0;
        Array.Clear(_observation.NodeIds);
        return _observation;
    }
}
