using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Evaluation;

/// <summary>
/// A policy as the evaluation loop sees it: one allowed action for each observation of a batch. Fixed baselines
/// implement it through <c>IBaselinePolicy</c>; RagAgent.Core's <c>Evaluator</c> adapts a trained actor-critic to it.
/// </summary>
public interface IBatchPolicy
{
    /// <summary>
    /// Writes into <paramref name="actions"/>[i] an action allowed by row i's action mask, for rows
    /// [0, <c>actions.Length</c>) of <paramref name="observations"/>.
    /// </summary>
    /// <param name="observations">The batch (a vector env's result); valid only during the call.</param>
    /// <param name="actions">[batch] output; its length is the number of rows to act on.</param>
    void Act(ObservationBatch observations, Span<int> actions);
}
