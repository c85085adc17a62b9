using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.TaskSelect;

/// <summary>
/// The fixed part of a task-selection world: a prerequisite DAG over the sub-tasks and the goals' weight vectors.
/// The DAG follows a hidden random order of the sub-tasks (so ids say nothing about depth); each sub-task gets up to
/// <see cref="TaskSelectOptions.MaxPrerequisites"/> prerequisites among the sub-tasks before it in that order.
/// </summary>
public sealed class TaskSelectWorld
{
    private readonly int[][] _prerequisites;
    private readonly bool[] _requires;
    private readonly float[] _weights;

    private TaskSelectWorld(int[][] prerequisites, bool[] requires, float[] weights)
    {
        _prerequisites = prerequisites;
        _requires = requires;
        _weights = weights;
    }

    /// <summary>Number of sub-tasks.</summary>
    public int NumSubTasks => _prerequisites.Length;

    /// <summary>Number of goals.</summary>
    public int NumGoals => _weights.Length / NumSubTasks;

    /// <summary>Direct prerequisites of <paramref name="subTask"/>.</summary>
    public ReadOnlySpan<int> Prerequisites(int subTask) => _prerequisites[subTask];

    /// <summary>True when <paramref name="subTask"/> needs <paramref name="ancestor"/> finished first, directly or transitively.</summary>
    public bool Requires(int subTask, int ancestor) => _requires[(subTask * NumSubTasks) + ancestor];

    /// <summary>Weights of <paramref name="goal"/>, <c>[NumSubTasks]</c>; 0 for sub-tasks the goal does not need.</summary>
    public ReadOnlySpan<float> Weights(int goal) => _weights.AsSpan(goal * NumSubTasks, NumSubTasks);

    /// <summary>Draws the world of <paramref name="options"/> from <paramref name="random"/>.</summary>
    public static TaskSelectWorld Generate(TaskSelectOptions options, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int k = options.NumSubTasks;
        int[] order = new int[k];
        for (int i = 0; i < k; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order.AsSpan());
        int[][] prerequisites = new int[k][];
        var chosen = new List<int>();
        for (int position = 0; position < k; position++)
        {
            chosen.Clear();
            for (int earlier = 0; earlier < position && chosen.Count < options.MaxPrerequisites; earlier++)
            {
                if (random.NextFloat() < options.PrerequisiteProbability)
                {
                    chosen.Add(order[earlier]);
                }
            }

            chosen.Sort();
            prerequisites[order[position]] = [.. chosen];
        }

        // Transitive closure, filled in topological order: a sub-task requires its prerequisites and theirs.
        bool[] requires = new bool[k * k];
        foreach (int subTask in order)
        {
            foreach (int prerequisite in prerequisites[subTask])
            {
                requires[(subTask * k) + prerequisite] = true;
                for (int a = 0; a < k; a++)
                {
                    requires[(subTask * k) + a] |= requires[(prerequisite * k) + a];
                }
            }
        }

        float[] weights = new float[options.NumGoals * k];
        int[] candidates = new int[k];
        for (int g = 0; g < options.NumGoals; g++)
        {
            for (int i = 0; i < k; i++)
            {
                candidates[i] = i;
            }

            random.Shuffle(candidates.AsSpan());
            int important = random.NextInt(options.MinImportant, options.MaxImportant + 1);
            for (int i = 0; i < important; i++)
            {
                weights[(g * k) + candidates[i]] = random.NextFloat(0.5f, 1f);
            }
        }

        return new TaskSelectWorld(prerequisites, requires, weights);
    }
}
