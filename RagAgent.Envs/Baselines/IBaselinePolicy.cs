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

    /// <summary>Acts on each row in turn, read into a reused per-thread observation.</summary>
    void IBatchPolicy.Act(ObservationBatch observations, Span<int> actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (actions.Length > observations.Capacity)
        {
            throw new ArgumentException($"actions has {actions.Length} entries; the batch holds at most {observations.Capacity} rows.", nameof(actions));
        }

        Observation row = BaselineRow.For(observations.Spec);
        for (int i = 0; i < actions.Length; i++)
        {
            observations.ReadRow(i, row);
            actions[i] = Act(row);
        }
    }
}
