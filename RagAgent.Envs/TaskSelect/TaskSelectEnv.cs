using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.TaskSelect;

/// <summary>
/// <c>task-select</c>: a multi-task collaboration scheduler. Each step the agent works on one sub-task; the goal
/// weights the sub-tasks that matter, some of which wait on prerequisites that matter to no goal by themselves.
/// </summary>
/// <remarks>
/// <para><b>World</b> (fixed by <see cref="TaskSelectOptions.WorldSeed"/>): a <see cref="TaskSelectWorld"/> — a
/// prerequisite DAG over <c>K</c> sub-tasks and, per goal, a weight vector that is positive on 2–4 "important"
/// sub-tasks; a fraction of the goals is held out.</para>
/// <para><b>State</b>: per sub-task required work (drawn from [1, MaxWork] at reset) and progress; the goal; the step
/// count.</para>
/// <para><b>Observation</b>: task id = goal id; goal features = the goal's weights <c>[K]</c>; node ids = sub-task
/// index; node features <c>[K, 7]</c> = (weight, remaining work / MaxWork, progress / work, done, blocked,
/// downstream weight, unfinished prerequisites / MaxPrerequisites), where the downstream weight is the summed weight
/// of the unfinished sub-tasks that (transitively) wait on this one, over the goal's total weight; globals = (step /
/// limit, finished important weight / total weight).</para>
/// <para><b>Actions</b>: one per sub-task: do one unit of its work. <b>Mask</b>: sub-tasks that are unfinished and
/// whose prerequisites are all finished (never empty while an important sub-task is unfinished, the graph being
/// acyclic).</para>
/// <para><b>Reward</b>: −<see cref="TaskSelectOptions.StepCost"/> (−0.05) per step, plus
/// <see cref="TaskSelectOptions.CompletionReward"/> × weight when the step finishes a sub-task.
/// <b>Termination</b>: every important sub-task finished (<see cref="EnvInfo.IsSuccess"/>). <b>Truncation</b>:
/// after <see cref="TaskSelectOptions.EpisodeStepLimit"/> steps (default <c>2K</c>). Greedy "highest weight first"
/// wastes steps on prerequisites no important sub-task needs; the best policy follows the downstream weight.</para>
/// </remarks>
public sealed class TaskSelectEnv : ISnapshotEnv
{
    /// <summary>Registry id.</summary>
    public const string Id = "task-select";

    /// <summary>Node feature: the goal's weight of the sub-task.</summary>
    public const int FeatureWeight = 0;

    /// <summary>Node feature: remaining work / MaxWork.</summary>
    public const int FeatureRemainingWork = 1;

    /// <summary>Node feature: progress / required work.</summary>
    public const int FeatureProgress = 2;

    /// <summary>Node feature: 1 when finished.</summary>
    public const int FeatureDone = 3;

    /// <summary>Node feature: 1 when a prerequisite is unfinished.</summary>
    public const int FeatureBlocked = 4;

    /// <summary>Node feature: weight of the unfinished sub-tasks waiting on this one, over the goal's total weight.</summary>
    public const int FeatureDownstreamWeight = 5;

    /// <summary>Node feature: unfinished direct prerequisites / MaxPrerequisites.</summary>
    public const int FeatureUnfinishedPrerequisites = 6;

    /// <summary>Length of a node feature row.</summary>
    public const int NodeFeatureCount = 7;

    private const int SnapshotVersion = 1;

    // Fractions in [0, 1]; a ratio of float sums summed in different orders may round a little past 1, hence the margin.
    private static readonly FeatureBounds FractionBounds = new(0f, 1.001f);

    private readonly TaskSelectOptions _options;
    private readonly GoalPool _goals;
    private readonly EnvRandom _random;
    private readonly Observation _observation;
    private readonly int _limit;
    private readonly int[] _work;
    private readonly int[] _progress;
    private float _totalWeight;
    private float _doneWeight;
    private int _importantLeft;
    private int _goal;
    private int _steps;
    private bool _running;

    /// <summary>Builds the world of <paramref name="options"/> (default options when null).</summary>
    public TaskSelectEnv(TaskSelectOptions? options = null)
    {
        _options = options ?? new TaskSelectOptions();
        _options.Validate();
        int k = _options.NumSubTasks;
        World = TaskSelectWorld.Generate(_options, new EnvRandom(_options.WorldSeed));
        _goals = new GoalPool(_options.NumGoals, _options.HeldOutFraction, _options.WorldSeed);
        _random = new EnvRandom(_options.WorldSeed ^ 0x1F83D9ABL);
        _limit = _options.EpisodeStepLimit;
        _work = new int[k];
        _progress = new int[k];
        Spec = new EnvSpec
        {
            Id = Id,
            NumTasks = _options.NumGoals,
            GoalFeatureSize = k,
            MaxNodes = k,
            NodeVocabSize = k,
            NodeFeatureSize = NodeFeatureCount,
            GlobalFeatureSize = 2,
            GoalFeatureBounds = FeatureBounds.UnitInterval, // goal weights in [0.5, 1], 0 for unneeded sub-tasks
            NodeFeatureBounds = FractionBounds, // weights, fractions and flags
            GlobalBounds = FractionBounds, // elapsed fraction of the step limit, finished fraction of the weight
            ActionsPerNode = 1,
            ExtraActions = 0,
            MaxEpisodeSteps = _limit,
        };
        _observation = new Observation(Spec);
        for (int i = 0; i < k; i++)
        {
            _observation.NodeIds[i] = i;
        }
    }

    /// <summary>Creates the env as an <see cref="IEnv"/>.</summary>
    public static IEnv Create(TaskSelectOptions? options = null) => new TaskSelectEnv(options);

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>The options in force.</summary>
    public TaskSelectOptions Options => _options;

    /// <summary>The fixed prerequisites and goal weights of this world.</summary>
    public TaskSelectWorld World { get; }

    /// <summary>The train / held-out split of goals.</summary>
    public GoalPool Goals => _goals;

    /// <summary>Goal of the episode.</summary>
    public int GoalId => _goal;

    /// <summary>Work units <paramref name="subTask"/> needs this episode.</summary>
    public int Work(int subTask) => _work[subTask];

    /// <summary>Work units done on <paramref name="subTask"/>.</summary>
    public int Progress(int subTask) => _progress[subTask];

    /// <summary>True when <paramref name="subTask"/> is finished.</summary>
    public bool IsDone(int subTask) => _progress[subTask] >= _work[subTask];

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed.HasValue)
        {
            _random.Reseed(seed.Value);
        }

        int k = _options.NumSubTasks;
        _goal = _goals.Sample(_options.Goals, _random);
        ReadOnlySpan<float> weights = World.Weights(_goal);
        _totalWeight = 0f;
        _importantLeft = 0;
        for (int i = 0; i < k; i++)
        {
            _work[i] = _random.NextInt(1, _options.MaxWork + 1);
            _progress[i] = 0;
            _totalWeight += weights[i];
            _importantLeft += weights[i] > 0f ? 1 : 0;
        }

        _doneWeight = 0f;
        _steps = 0;
        _running = true;
        Observation o = _observation;
        o.TaskId = _goal;
        weights.CopyTo(o.GoalFeatures);
        for (int i = 0; i < k; i++)
        {
            o.NodeFeatures[(i * NodeFeatureCount) + FeatureWeight] = weights[i];
            WriteWork(i);
        }

        WriteDependencies();
        WriteGlobals();
        return new ResetResult(o, new EnvInfo(false));
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, _running, action, _observation.ActionMask);
        _steps++;
        _progress[action]++;
        float reward = -_options.StepCost;
        WriteWork(action);
        if (IsDone(action))
        {
            float weight = World.Weights(_goal)[action];
            reward += _options.CompletionReward * weight;
            _doneWeight += weight;
            _importantLeft -= weight > 0f ? 1 : 0;
            WriteDependencies();
        }

        WriteGlobals();
        bool terminated = _importantLeft == 0;
        bool truncated = !terminated && _steps >= _limit;
        _running = !terminated && !truncated;
        return new StepResult(_observation, reward, terminated, truncated, new EnvInfo(terminated));
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <summary>Saves the per-sub-task work and progress, the weight sums, the goal, the step count, whether an
    /// episode runs, the random state and the observation.</summary>
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, Id, SnapshotVersion);
        snapshot.Write(_work);
        snapshot.Write(_progress);
        snapshot.Write(_totalWeight);
        snapshot.Write(_doneWeight);
        snapshot.Write(_importantLeft);
        snapshot.Write(_goal);
        snapshot.Write(_steps);
        snapshot.Write(_running);
        _random.SaveState(writer);
        snapshot.Write(_observation);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        var snapshot = new SnapshotReader(reader, Id, SnapshotVersion);
        snapshot.ReadInt32s("work", _work, 0, _options.MaxWork);
        snapshot.ReadInt32s("progress", _progress, 0, _options.MaxWork);
        _totalWeight = snapshot.ReadSingle("totalWeight");
        _doneWeight = snapshot.ReadSingle("doneWeight");
        _importantLeft = snapshot.ReadInt32("importantLeft", 0, _options.NumSubTasks);
        _goal = snapshot.ReadInt32("goal", 0, _options.NumGoals - 1);
        _steps = snapshot.ReadInt32("steps", 0, _limit);
        _running = snapshot.ReadBoolean("running");
        snapshot.ReadNested("random", _random.RestoreState);
        snapshot.ReadObservation("observation", _observation);
        return _observation;
    }

    private void WriteWork(int subTask)
    {
        int row = subTask * NodeFeatureCount;
        float[] f = _observation.NodeFeatures;
        f[row + FeatureRemainingWork] = (float)(_work[subTask] - _progress[subTask]) / _options.MaxWork;
        f[row + FeatureProgress] = (float)_progress[subTask] / _work[subTask];
        f[row + FeatureDone] = IsDone(subTask) ? 1f : 0f;
    }

    // Blocked flags, mask, downstream weights and unfinished prerequisites; changes only when a sub-task finishes.
    private void WriteDependencies()
    {
        int k = _options.NumSubTasks;
        ReadOnlySpan<float> weights = World.Weights(_goal);
        float[] f = _observation.NodeFeatures;
        for (int i = 0; i < k; i++)
        {
            int unfinished = 0;
            foreach (int prerequisite in World.Prerequisites(i))
            {
                unfinished += IsDone(prerequisite) ? 0 : 1;
            }

            float downstream = 0f;
            for (int j = 0; j < k; j++)
            {
                if (!IsDone(j) && World.Requires(j, i))
                {
                    downstream += weights[j];
                }
            }

            int row = i * NodeFeatureCount;
            f[row + FeatureBlocked] = unfinished > 0 ? 1f : 0f;
            f[row + FeatureDownstreamWeight] = _totalWeight > 0f ? downstream / _totalWeight : 0f;
            f[row + FeatureUnfinishedPrerequisites] = _options.MaxPrerequisites > 0 ? (float)unfinished / _options.MaxPrerequisites : 0f;
            _observation.ActionMask[i] = unfinished == 0 && !IsDone(i);
        }
    }

    private void WriteGlobals()
    {
        _observation.Globals[0] = (float)_steps / _limit;
        _observation.Globals[1] = _totalWeight > 0f ? _doneWeight / _totalWeight : 1f;
    }
}
