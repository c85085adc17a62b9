using RagAgent.Envs.Abstractions;

namespace RagAgent.Samples.Training;

/// <summary>
/// Whether the env being trained has a notion of success (<see cref="EnvSpec.SuccessDefined"/>, fed with whether any
/// episode of the run has succeeded), so that CartPole does not report "success 0.00" at a return of 500. Where it
/// has none, the success rate is reported as missing (NaN: an empty CSV field, left out of the progress line).
/// </summary>
internal sealed class SuccessNotion
{
    private readonly EnvSpec _spec;
    private bool _seen;

    /// <summary>Starts from <paramref name="spec"/>; <paramref name="seen"/> is true when an earlier part of the run reported a success.</summary>
    public SuccessNotion(EnvSpec spec, bool seen = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _seen = seen;
    }

    /// <summary>True when success means something for this env.</summary>
    public bool IsDefined => _spec.SuccessDefined(_seen);

    /// <summary>Returns <paramref name="successRate"/> when success is defined (a positive rate defines it), else NaN.</summary>
    public float Filter(float successRate)
    {
        _seen |= successRate > 0;
        return IsDefined ? successRate : float.NaN;
    }
}
