using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Evaluation;

/// <summary>
/// A policy as the evaluation loop sees it: one allowed action for each observation of a batch. Fixed baselines
/// implement it through <c>IBaselinePolicy</c>; RagAgent.Core's <c>Evaluator</c> adapts a trained actor-critic to it.
/// </summary>
public interface IBatchPolicy
{
    /// <summary>Writes into <paramref name="actions"/>[i] an action allowed by <paramref name="observations"/>[i]'s action mask.</summary>
    /// <param name="observations">[batch] observations; valid only during the call (they may be the env's reused buffers).</param>
    /// <param name="actions">[batch] output.</param>
    void Act(ReadOnlySpan<Observation> observations, Span<int> actions);
}
