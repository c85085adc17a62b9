using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Randomness;

/// <summary>
/// Goal ids <c>[0, NumGoals)</c> split once, from a world seed, into training goals and held-out goals; samples a
/// goal of a <see cref="GoalSplit"/> at each reset.
/// </summary>
public sealed class GoalPool
{
    private readonly int[] _train;
    private readonly int[] _heldOut;
    private readonly bool[] _isHeldOut;

    /// <summary>
    /// Holds out <c>round(heldOutFraction × numGoals)</c> goals (at least one when the fraction is positive), chosen
    /// by a shuffle seeded with <paramref name="worldSeed"/>; at least one goal always stays in training.
    /// </summary>
    /// <param name="numGoals">Number of goals, at least 1.</param>
    /// <param name="heldOutFraction">Fraction of goals held out, in [0, 1).</param>
    /// <param name="worldSeed">Seed that fixes the split.</param>
    public GoalPool(int numGoals, float heldOutFraction, long worldSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numGoals, 1);
        if (!(heldOutFraction >= 0f && heldOutFraction < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "The held-out fraction must lie in [0, 1).");
        }

        int heldOut = heldOutFraction > 0f ? Math.Max(1, (int)MathF.Round(heldOutFraction * numGoals)) : 0;
        heldOut = Math.Min(heldOut, numGoals - 1);
        int[] order = new int[numGoals];
        for (int i = 0; i < numGoals; i++)
        {
            order[i] = i;
        }

        new EnvRandom(worldSeed ^ 0x5EEDF00DL).Shuffle(order.AsSpan());
        _heldOut = order[..heldOut];
        _train = order[heldOut..];
        Array.Sort(_heldOut);
        Array.Sort(_train);
        _isHeldOut = new bool[numGoals];
        foreach (int goal in _heldOut)
        {
            _isHeldOut[goal] = true;
        }
    }

    /// <summary>Number of goals.</summary>
    public int NumGoals => _isHeldOut.Length;

    /// <summary>Training goals, ascending.</summary>
    public ReadOnlySpan<int> TrainGoals => _train;

    /// <summary>Held-out goals, ascending (empty when the fraction was 0).</summary>
    public ReadOnlySpan<int> HeldOutGoals => _heldOut;

    /// <summary>True when <paramref name="goal"/> is held out from training.</summary>
    public bool IsHeldOut(int goal) => _isHeldOut[goal];

    /// <summary>Number of goals in <paramref name="split"/>.</summary>
    public int Count(GoalSplit split) => split switch
    {
        GoalSplit.Train => _train.Length,
        GoalSplit.HeldOut => _heldOut.Length,
        _ => NumGoals,
    };

    /// <summary>Draws a goal of <paramref name="split"/> uniformly.</summary>
    /// <exception cref="InvalidOperationException">The split has no goal (held-out fraction 0).</exception>
    public int Sample(GoalSplit split, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return split switch
        {
            GoalSplit.Train => _train[random.NextInt(_train.Length)],
            GoalSplit.HeldOut when _heldOut.Length > 0 => _heldOut[random.NextInt(_heldOut.Length)],
            GoalSplit.HeldOut => throw new InvalidOperationException("No goal is held out (the held-out fraction is 0)."),
            _ => random.NextInt(NumGoals),
        };
    }

    /// <summary>Throws naming <paramref name="field"/> when <paramref name="split"/> has no goal.</summary>
    public static void ValidateSplit(GoalSplit split, float heldOutFraction, string field)
    {
        if (!Enum.IsDefined(split))
        {
            throw new ArgumentException($"{field} must be Train, HeldOut or All, got {split}.", field);
        }

        if (split == GoalSplit.HeldOut && heldOutFraction <= 0f)
        {
            throw new ArgumentException($"{field} = HeldOut needs HeldOutFraction > 0.", field);
        }
    }
}
