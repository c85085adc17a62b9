using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;

namespace RagAgent.Envs.Baselines;

/// <summary>
/// A fixed (non-learning) policy that picks an allowed action from an observation alone. Measure it with
/// <see cref="EpisodeRunner"/>, the same loop that evaluates trained policies.
/// </summary>
public interface IBaselinePolicy : IBatchPolicy
{
    /// <summary>Short name for tables, for example <c>random</c> or <c>greedy</c>.</summary>
    string Name { get; }

    /// <summary>Returns an action allowed by <paramref name="observation"/>'s action mask.</summary>
    int Act(Observation observation);

    /// <summary>Acts on each observation in turn.</summary>
    void IBatchPolicy.Act(ReadOnlySpan<Observation> observations, Span<int> actions)
    {
        if (actions.Length != observations.Length)
        {
            throw new ArgumentException($"actions must have shape [{observations.Length}] like observations, got [{actions.Length}].", nameof(actions));
        }

        for (int i = 0; i < observations.Length; i++)
        {
            actions[i] = Act(observations[i]);
        }
    }
}
