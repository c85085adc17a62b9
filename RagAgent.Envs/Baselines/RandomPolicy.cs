using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Baselines;

/// <summary>Picks uniformly among the allowed actions; its stream is fixed by the seed.</summary>
public sealed class RandomPolicy : IBaselinePolicy
{
    private readonly EnvRandom _random;

    /// <summary>Creates the policy with its own generator seeded by <paramref name="seed"/>.</summary>
    public RandomPolicy(long seed)
    {
        _random = new EnvRandom(seed);
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public int Act(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ReadOnlySpan<bool> mask = observation.ActionMask;
        int allowed = 0;
        foreach (bool a in mask)
        {
            allowed += a ? 1 : 0;
        }

        if (allowed == 0)
        {
            throw new ArgumentException("The observation's action mask allows no action.", nameof(observation));
        }

        int pick = _random.NextInt(allowed);
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] && pick-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("Unreachable: the allowed action count changed while sampling.");
    }
}
