using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Baselines;

/// <summary>A fixed (non-learning) policy that picks an allowed action from an observation alone.</summary>
public interface IBaselinePolicy
{
    /// <summary>Short name for tables, for example <c>random</c> or <c>greedy</c>.</summary>
    string Name { get; }

    /// <summary>Returns an action allowed by <paramref name="observation"/>'s action mask.</summary>
    int Act(Observation observation);
}
