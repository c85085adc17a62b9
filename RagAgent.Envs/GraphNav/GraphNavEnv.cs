using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.GraphNav;

/// <summary>
/// <c>graph-nav</c>: reach a goal node of a fixed random geometric graph by moving along its edges.
/// </summary>
/// <remarks>
/// <para><b>World</b> (fixed by <see cref="GraphNavOptions.WorldSeed"/>): <c>N</c> nodes at uniform positions in the
/// unit square, linked when closer than the connection radius, plus a Euclidean minimum spanning tree so the graph is
/// connected; a fraction of the nodes is held out as goals (see <see cref="GoalPool"/>).</para>
/// <para><b>State</b>: current node, goal node, visited set, step count. Reset draws the goal from the configured
/// <see cref="GoalSplit"/> and the start uniformly among the other nodes.</para>
/// <para><b>Observation</b>: task id = goal node; goal features = goal (x, y); node ids = node index; node features
/// <c>[N, 8]</c> = (x, y, goal x − x, goal y − y, is-current, is-goal, is-neighbour, visited); globals = (step / limit).</para>
/// <para><b>Actions</b>: one per node (<c>ActionsPerNode = 1</c>): move to that node. <b>Mask</b>: the neighbours of
/// the current node (never empty, the graph is connected).</para>
/// <para><b>Reward</b>: <see cref="GraphNavOptions.GoalReward"/> (+1) on reaching the goal, otherwise
/// −<see cref="GraphNavOptions.StepCost"/> (−0.01). <b>Termination</b>: the goal is reached
/// (<see cref="EnvInfo.IsSuccess"/>). <b>Truncation</b>: after <see cref="GraphNavOptions.EpisodeStepLimit"/> steps
/// (default <c>2N</c>).</para>
/// </remarks>
public sealed class GraphNavEnv : ISnapshotEnv
{
    /// <summary>Registry id.</summary>
    public const string Id = "graph-nav";

    /// <summary>Node feature: x coordinate.</summary>
    public const int FeatureX = 0;

    /// <summary>Node feature: y coordinate.</summary>
    public const int FeatureY = 1;

    /// <summary>Node feature: goal x minus node x.</summary>
    public const int FeatureGoalDx = 2;

    /// <summary>Node feature: goal y minus node y.</summary>
    public const int FeatureGoalDy = 3;

    /// <summary>Node feature: 1 on the current node.</summary>
    public const int FeatureIsCurrent = 4;

    /// <summary>Node feature: 1 on the goal node.</summary>
    public const int FeatureIsGoal = 5;

    /// <summary>Node feature: 1 on the neighbours of the current node (the allowed moves).</summary>
    public const int FeatureIsNeighbour = 6;

    /// <summary>Node feature: 1 on nodes visited in this episode (the start included).</summary>
    public const int FeatureVisited = 7;

    /// <summary>Length of a node feature row.</summary>
    public const int NodeFeatureCount = 8;

    /// <summary>Info value (<see cref="EnvInfo.Values"/>): Euclidean distance from the current node to the goal node.</summary>
    public const string InfoDistance = "distance";

    private const int SnapshotVersion = 1;

    private readonly GraphNavOptions _options;
    private readonly GoalPool _goals;
    private readonly EnvRandom _random;
    private readonly Observation _observation;
    private readonly InfoValues _info;
    private readonly int _limit;
    private int _current;
    private int _goal;
    private int _steps;
    private bool _running;

    /// <summary>Builds the world of <paramref name="options"/> (default options when null).</summary>
    public GraphNavEnv(GraphNavOptions? options = null)
    {
        _options = options ?? new GraphNavOptions();
        _options.Validate();
        int n = _options.NumNodes;
        Graph = RandomGeometricGraph.Generate(n, _options.ConnectionRadius, new EnvRandom(_options.WorldSeed));
        _goals = new GoalPool(n, _options.HeldOutFraction, _options.WorldSeed);
        _random = new EnvRandom(_options.WorldSeed ^ 0x6A09E667L);
        _limit = _options.EpisodeStepLimit;
        Spec = new EnvSpec
        {
            Id = Id,
            NumTasks = n,
            GoalFeatureSize = 2,
            MaxNodes = n,
            NodeVocabSize = n,
            NodeFeatureSize = NodeFeatureCount,
            GlobalFeatureSize = 1,
            GoalFeatureBounds = FeatureBounds.UnitInterval, // goal position in the unit square
            NodeFeatureBounds = FeatureBounds.SignedUnitInterval, // positions, offsets to the goal in [-1, 1], flags
            GlobalBounds = FeatureBounds.UnitInterval, // elapsed fraction of the step limit
            ActionsPerNode = 1,
            ExtraActions = 0,
            MaxEpisodeSteps = _limit,
            InfoKeys = [InfoDistance],
        };
        _observation = new Observation(Spec);
        _info = new InfoValues(Spec);
        for (int i = 0; i < n; i++)
        {
            _observation.NodeIds[i] = i;
            _observation.NodeFeatures[(i * NodeFeatureCount) + FeatureX] = Graph.X(i);
            _observation.NodeFeatures[(i * NodeFeatureCount) + FeatureY] = Graph.Y(i);
        }
    }

    /// <summary>Creates the env as an <see cref="IEnv"/>.</summary>
    public static IEnv Create(GraphNavOptions? options = null) => new GraphNavEnv(options);

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>The options in force.</summary>
    public GraphNavOptions Options => _options;

    /// <summary>The fixed graph of this world.</summary>
    public RandomGeometricGraph Graph { get; }

    /// <summary>The train / held-out split of goal nodes.</summary>
    public GoalPool Goals => _goals;

    /// <summary>Node the agent is on.</summary>
    public int CurrentNode => _current;

    /// <summary>Goal node of the episode.</summary>
    public int GoalNode => _goal;

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed.HasValue)
        {
            _random.Reseed(seed.Value);
        }

        int n = _options.NumNodes;
        _goal = _goals.Sample(_options.Goals, _random);
        _current = _random.NextInt(n - 1);
        if (_current >= _goal)
        {
            _current++;
        }

        _steps = 0;
        _running = true;

        Observation o = _observation;
        o.TaskId = _goal;
        float gx = Graph.X(_goal);
        float gy = Graph.Y(_goal);
        o.GoalFeatures[0] = gx;
        o.GoalFeatures[1] = gy;
        float[] f = o.NodeFeatures;
        for (int i = 0; i < n; i++)
        {
            int row = i * NodeFeatureCount;
            f[row + FeatureGoalDx] = gx - Graph.X(i);
            f[row + FeatureGoalDy] = gy - Graph.Y(i);
            f[row + FeatureIsCurrent] = 0f;
            f[row + FeatureIsGoal] = i == _goal ? 1f : 0f;
            f[row + FeatureIsNeighbour] = 0f;
            f[row + FeatureVisited] = 0f;
            o.ActionMask[i] = false;
        }

        Enter(_current);
        o.Globals[0] = 0f;
        _info[0] = Graph.Distance(_current, _goal);
        return new ResetResult(o, new EnvInfo(false) { Values = _info });
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, _running, action, _observation.ActionMask);
        float[] f = _observation.NodeFeatures;
        f[(_current * NodeFeatureCount) + FeatureIsCurrent] = 0f;
        foreach (int neighbour in Graph.Neighbours(_current))
        {
            f[(neighbour * NodeFeatureCount) + FeatureIsNeighbour] = 0f;
            _observation.ActionMask[neighbour] = false;
        }

        _current = action;
        Enter(_current);
        _steps++;
        _observation.Globals[0] = (float)_steps / _limit;

        bool reached = _current == _goal;
        bool truncated = !reached && _steps >= _limit;
        _running = !reached && !truncated;
        float reward = reached ? _options.GoalReward : -_options.StepCost;
        _info[0] = Graph.Distance(_current, _goal);
        return new StepResult(_observation, reward, reached, truncated, new EnvInfo(reached) { Values = _info });
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <summary>Saves the current and goal nodes, the step count, whether an episode runs, the random state and the
    /// observation (which holds the visited set).</summary>
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, Id, SnapshotVersion);
        snapshot.Write(_current);
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
        int n = _options.NumNodes;
        _current = snapshot.ReadInt32("current", 0, n - 1);
        _goal = snapshot.ReadInt32("goal", 0, n - 1);
        _steps = snapshot.ReadInt32("steps", 0, _limit);
        _running = snapshot.ReadBoolean("running");
        snapshot.ReadNested("random", _random.RestoreState);
        snapshot.ReadObservation("observation", _observation);
        return _observation;
    }

    private void Enter(int node)
    {
        float[] f = _observation.NodeFeatures;
        int row = node * NodeFeatureCount;
        f[row + FeatureIsCurrent] = 1f;
        f[row + FeatureVisited] = 1f;
        foreach (int neighbour in Graph.Neighbours(node))
        {
            f[(neighbour * NodeFeatureCount) + FeatureIsNeighbour] = 1f;
            _observation.ActionMask[neighbour] = true;
        }
    }
}
