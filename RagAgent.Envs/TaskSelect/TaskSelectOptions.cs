using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.TaskSelect;

/// <summary>Settings of <see cref="TaskSelectEnv"/>. The prerequisite graph, the goals and the held-out goals are fixed by <see cref="WorldSeed"/>.</summary>
public sealed record TaskSelectOptions
{
    /// <summary>Number of sub-tasks (the node set).</summary>
    public int NumSubTasks { get; init; } = 10;

    /// <summary>Number of goals (task ids); each weights a few sub-tasks.</summary>
    public int NumGoals { get; init; } = 32;

    /// <summary>Fewest sub-tasks a goal weights.</summary>
    public int MinImportant { get; init; } = 2;

    /// <summary>Most sub-tasks a goal weights.</summary>
    public int MaxImportant { get; init; } = 4;

    /// <summary>Work units of a sub-task are drawn uniformly from [1, MaxWork] at each reset; one step does one unit.</summary>
    public int MaxWork { get; init; } = 4;

    /// <summary>Probability of each candidate prerequisite edge (from an earlier sub-task in a hidden random order).</summary>
    public float PrerequisiteProbability { get; init; } = 0.3f;

    /// <summary>Most direct prerequisites of one sub-task.</summary>
    public int MaxPrerequisites { get; init; } = 2;

    /// <summary>Reward for completing a sub-task, multiplied by its goal weight.</summary>
    public float CompletionReward { get; init; } = 1f;

    /// <summary>Cost of every step.</summary>
    public float StepCost { get; init; } = 0.05f;

    /// <summary>Fraction of goals never used in <see cref="GoalSplit.Train"/> mode.</summary>
    public float HeldOutFraction { get; init; } = 0.25f;

    /// <summary>Which goals are sampled at reset.</summary>
    public GoalSplit Goals { get; init; } = GoalSplit.Train;

    /// <summary>Truncation limit; null gives <c>2 × NumSubTasks</c>.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Seed of the world: prerequisites, goals and the held-out split.</summary>
    public long WorldSeed { get; init; }

    /// <summary>The truncation limit in force.</summary>
    public int EpisodeStepLimit => MaxEpisodeSteps ?? 2 * NumSubTasks;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(NumSubTasks >= 1, nameof(NumSubTasks), $"must be >= 1, got {NumSubTasks}");
        Require(NumGoals >= 1, nameof(NumGoals), $"must be >= 1, got {NumGoals}");
        Require(MinImportant >= 1, nameof(MinImportant), $"must be >= 1, got {MinImportant}");
        Require(MaxImportant >= MinImportant && MaxImportant <= NumSubTasks, nameof(MaxImportant), $"must lie in [MinImportant, NumSubTasks], got {MaxImportant}");
        Require(MaxWork >= 1, nameof(MaxWork), $"must be >= 1, got {MaxWork}");
        Require(PrerequisiteProbability is >= 0f and <= 1f, nameof(PrerequisiteProbability), $"must lie in [0, 1], got {PrerequisiteProbability}");
        Require(MaxPrerequisites >= 0, nameof(MaxPrerequisites), $"must be >= 0, got {MaxPrerequisites}");
        Require(float.IsFinite(CompletionReward), nameof(CompletionReward), "must be finite");
        Require(float.IsFinite(StepCost), nameof(StepCost), "must be finite");
        Require(HeldOutFraction is >= 0f and < 1f, nameof(HeldOutFraction), $"must lie in [0, 1), got {HeldOutFraction}");
        GoalPool.ValidateSplit(Goals, HeldOutFraction, nameof(Goals));
        Require(MaxEpisodeSteps is null or >= 1, nameof(MaxEpisodeSteps), $"must be positive, got {MaxEpisodeSteps}");
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"TaskSelectOptions.{field} {message}.", field);
        }
    }
}
