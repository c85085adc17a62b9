namespace RagAgent.Envs.Abstractions;

/// <summary>
/// What an environment shows and accepts: the sizes of its observation (task, goal features, node set, globals)
/// and the layout of its discrete actions. Every <see cref="Observation"/> of the env has exactly these sizes.
/// </summary>
/// <remarks>
/// Actions are laid out as <c>MaxNodes × ActionsPerNode</c> node actions (action <c>a</c> acts on node
/// <c>a / ActionsPerNode</c> with choice <c>a % ActionsPerNode</c>) followed by <see cref="ExtraActions"/> actions
/// that belong to no node (for example "stop"). A flat env such as CartPole has no nodes and only extra actions;
/// a pointer env such as graph navigation has one action per node and no extra actions.
/// <para>The spec owns what an observation may hold: <see cref="ShapeDifference"/> says whether two specs have the
/// same sizes, and <see cref="FindObservationProblems"/> / <see cref="ValidateObservation"/> check an observation
/// against the sizes, id ranges, masks and the declared <see cref="FeatureBounds"/>.</para>
/// </remarks>
public sealed partial record EnvSpec
{
    /// <summary>Registry name of the env, for example <c>graph-nav</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Number of distinct task ids (0 when the env has a single task). Task ids lie in [0, NumTasks).</summary>
    public int NumTasks { get; init; }

    /// <summary>Length of the goal feature vector (0 when goals are given by id only).</summary>
    public int GoalFeatureSize { get; init; }

    /// <summary>Largest number of nodes in one observation (0 for a flat observation).</summary>
    public int MaxNodes { get; init; }

    /// <summary>Number of distinct node ids for a node embedding (0 when nodes carry no id). Ids lie in [0, NodeVocabSize).</summary>
    public int NodeVocabSize { get; init; }

    /// <summary>Length of each node's feature row (0 when nodes carry no features).</summary>
    public int NodeFeatureSize { get; init; }

    /// <summary>Length of the global feature vector (for a flat env, its whole observation).</summary>
    public int GlobalFeatureSize { get; init; }

    /// <summary>Declared range of every goal feature, or null when unbounded (Gymnasium's <c>Box</c> low/high).</summary>
    public FeatureBounds? GoalFeatureBounds { get; init; }

    /// <summary>Declared range of every feature of a real node (padding rows are not checked), or null when unbounded.</summary>
    public FeatureBounds? NodeFeatureBounds { get; init; }

    /// <summary>Declared range of every global feature, or null when unbounded.</summary>
    public FeatureBounds? GlobalBounds { get; init; }

    /// <summary>Discrete choices per node (1 for pointer-style "pick a node").</summary>
    public int ActionsPerNode { get; init; }

    /// <summary>Actions that belong to no node, placed after the node actions.</summary>
    public int ExtraActions { get; init; }

    /// <summary>Episode step limit the env enforces by truncation, or null when it has none.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Mean episode return at which the env counts as solved, or null.</summary>
    public float? RewardThreshold { get; init; }

    /// <summary>
    /// True when the env has a notion of success and reports it in <see cref="EnvInfo.IsSuccess"/> (reaching a goal);
    /// false for an env such as CartPole, whose episodes only end well or badly by their return, so that evaluators
    /// and logs report no success rate for it. Defaults to true; manifests written before this field load as true.
    /// </summary>
    public bool HasSuccess { get; init; } = true;

    /// <summary>
    /// Whether a success rate means something for this env, the one rule training logs and evaluation follow:
    /// <see cref="HasSuccess"/>, and the env is goal-conditioned (tasks or goal features) or has reported a success
    /// (<paramref name="successSeen"/>). An env that keeps the default <see cref="HasSuccess"/> but never succeeds and
    /// has no goals (a CartPole of one's own) so reports no rate rather than 0.
    /// </summary>
    public bool SuccessDefined(bool successSeen) => HasSuccess && (NumTasks > 0 || GoalFeatureSize > 0 || successSeen);

    /// <summary>
    /// Names of the env's own info values, the slots of <see cref="EnvInfo.Values"/> (Gymnasium's info dict, as
    /// numbers in a fixed layout so that stepping allocates nothing). Empty (the default) when the env reports none.
    /// Compared by value: two specs with the same names are equal.
    /// </summary>
    public IReadOnlyList<string> InfoKeys
    {
        get => _infoKeys;
        init => _infoKeys = InfoKeyList.From(value);
    }

    private readonly InfoKeyList _infoKeys = InfoKeyList.Empty;

    /// <summary><see cref="InfoKeys"/> as its value-equal type.</summary>
    internal InfoKeyList InfoKeyList => _infoKeys;

    /// <summary>Total number of discrete actions: <c>MaxNodes × ActionsPerNode + ExtraActions</c>.</summary>
    public int NumActions => (MaxNodes * ActionsPerNode) + ExtraActions;

    /// <summary>Number of node actions: <c>MaxNodes × ActionsPerNode</c>.</summary>
    public int NodeActions => MaxNodes * ActionsPerNode;

    /// <summary>Checks every size and throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("EnvSpec.Id must be a non-empty name.", nameof(Id));
        }

        RequireNonNegative(NumTasks, nameof(NumTasks));
        RequireNonNegative(GoalFeatureSize, nameof(GoalFeatureSize));
        RequireNonNegative(MaxNodes, nameof(MaxNodes));
        RequireNonNegative(NodeVocabSize, nameof(NodeVocabSize));
        RequireNonNegative(NodeFeatureSize, nameof(NodeFeatureSize));
        RequireNonNegative(GlobalFeatureSize, nameof(GlobalFeatureSize));
        RequireNonNegative(ActionsPerNode, nameof(ActionsPerNode));
        RequireNonNegative(ExtraActions, nameof(ExtraActions));
        if (MaxNodes > 0 && NodeVocabSize == 0 && NodeFeatureSize == 0)
        {
            throw new ArgumentException(
                $"EnvSpec '{Id}': nodes need ids (NodeVocabSize > 0) or features (NodeFeatureSize > 0).", nameof(MaxNodes));
        }

        if (MaxNodes == 0 && ActionsPerNode != 0)
        {
            throw new ArgumentException(
                $"EnvSpec '{Id}': ActionsPerNode must be 0 when MaxNodes is 0, got {ActionsPerNode}.", nameof(ActionsPerNode));
        }

        if (NumActions < 1)
        {
            throw new ArgumentException($"EnvSpec '{Id}': at least one action is required, got NumActions = 0.", nameof(NumActions));
        }

        if (MaxEpisodeSteps is < 1)
        {
            throw new ArgumentException($"EnvSpec '{Id}': MaxEpisodeSteps must be positive, got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        }

        ValidateBounds(GoalFeatureBounds, GoalFeatureSize, nameof(GoalFeatureBounds));
        ValidateBounds(NodeFeatureBounds, NodeFeatureSize, nameof(NodeFeatureBounds));
        ValidateBounds(GlobalBounds, GlobalFeatureSize, nameof(GlobalBounds));
        ValidateInfoKeys();
    }

    private void ValidateInfoKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in InfoKeys)
        {
            if (string.IsNullOrWhiteSpace(key) || !seen.Add(key))
            {
                throw new ArgumentException(
                    $"EnvSpec '{Id}': InfoKeys must be distinct non-empty names, got [{string.Join(", ", InfoKeys)}].", nameof(InfoKeys));
            }
        }
    }

    private void ValidateBounds(FeatureBounds? bounds, int size, string field)
    {
        if (bounds is null)
        {
            return;
        }

        if (size == 0)
        {
            throw new ArgumentException($"EnvSpec '{Id}': {field} is set, but the part it bounds has size 0.", field);
        }

        if (bounds.FindProblem(field) is string problem)
        {
            throw new ArgumentException($"EnvSpec '{Id}': {problem}", field);
        }
    }

    private void RequireNonNegative(int value, string field)
    {
        if (value < 0)
        {
            throw new ArgumentException($"EnvSpec '{Id}': {field} must be >= 0, got {value}.", field);
        }
    }
}
