using RagAgent.Envs.Abstractions;

namespace RagAgent.Samples.Training;

/// <summary>
/// Whether the env being trained has a notion of success, so that CartPole does not report "success 0.00" at a
/// return of 500. An env whose spec says <c>HasSuccess = false</c> (CartPole) has none; for the others (the spec's
/// default is true) it is derived narrowly: an env has one when its spec is goal-conditioned (tasks or goal features:
/// every multi-goal env) or once any of its episodes reported success.
/// Where it has none, the success rate is reported as missing (NaN: an empty CSV field, left out of the progress line).
/// </summary>
internal sealed class SuccessNotion
{
    private readonly bool _declared;
    private bool _seen;

    /// <summary>Starts from <paramref name="spec"/>; <paramref name="seen"/> is true when an earlier part of the run reported a success.</summary>
    public SuccessNotion(EnvSpec spec, bool seen = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _declared = spec.HasSuccess;
        GoalConditioned = spec.NumTasks > 0 || spec.GoalFeatureSize > 0;
        _seen = seen;
    }

    /// <summary>The spec names tasks or goal features.</summary>
    public bool GoalConditioned { get; }

    /// <summary>True when success means something for this env.</summary>
    public bool IsDefined => _declared && (GoalConditioned || _seen);

    /// <summary>Returns <paramref name="successRate"/> when success is defined (a positive rate defines it), else NaN.</summary>
    public float Filter(float successRate)
    {
        _seen |= successRate > 0;
        return IsDefined ? successRate : float.NaN;
    }
}
