namespace RagAgent.Envs.Abstractions;

/// <content>Shape equality: the sizes a network and a batch depend on.</content>
public sealed partial record EnvSpec
{
    /// <summary>
    /// Names the first size that differs between this spec (the expected one) and <paramref name="actual"/>, or
    /// returns null when both have the same shape: the same task count, goal, node, global and action sizes. The id,
    /// step limit, reward threshold and feature bounds may differ (a checkpoint saved before bounds were declared
    /// fits an env that declares them).
    /// </summary>
    /// <returns>For example <c>"MaxNodes is 8, expected 16"</c>, or null.</returns>
    public string? ShapeDifference(EnvSpec actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        return Differs(nameof(NumTasks), NumTasks, actual.NumTasks)
            ?? Differs(nameof(GoalFeatureSize), GoalFeatureSize, actual.GoalFeatureSize)
            ?? Differs(nameof(MaxNodes), MaxNodes, actual.MaxNodes)
            ?? Differs(nameof(NodeVocabSize), NodeVocabSize, actual.NodeVocabSize)
            ?? Differs(nameof(NodeFeatureSize), NodeFeatureSize, actual.NodeFeatureSize)
            ?? Differs(nameof(GlobalFeatureSize), GlobalFeatureSize, actual.GlobalFeatureSize)
            ?? Differs(nameof(ActionsPerNode), ActionsPerNode, actual.ActionsPerNode)
            ?? Differs(nameof(ExtraActions), ExtraActions, actual.ExtraActions);
    }

    /// <summary>
    /// True when <paramref name="other"/> has the same observation and action sizes (ids, step limits and reward
    /// thresholds may differ): observations of one fit buffers and networks built for the other.
    /// </summary>
    public bool HasSameShape(EnvSpec other) => ShapeDifference(other) is null;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for <paramref name="paramName"/> unless <paramref name="actual"/> has
    /// the shape of this spec (see <see cref="ShapeDifference"/>); the message names both specs and the first difference.
    /// </summary>
    public void RequireSameShape(EnvSpec actual, string paramName)
    {
        // The vector envs call this per copy and step with the env's own spec object: skip the comparison then.
        if (ReferenceEquals(this, actual))
        {
            return;
        }

        if (ShapeDifference(actual) is string difference)
        {
            ThrowShapeMismatch(actual, paramName, difference);
        }
    }

    private static string? Differs(string field, int expected, int actual) =>
        expected == actual ? null : $"{field} is {actual}, expected {expected}";

    private void ThrowShapeMismatch(EnvSpec actual, string paramName, string difference) =>
        throw new ArgumentException(
            $"The spec '{actual.Id}' of {paramName} does not have the shape of spec '{Id}': {difference} (expected tasks {NumTasks}, goal {GoalFeatureSize}, "
            + $"nodes {MaxNodes} with vocab {NodeVocabSize} and {NodeFeatureSize} features, globals {GlobalFeatureSize}, "
            + $"actions {ActionsPerNode}/node + {ExtraActions} extra).",
            paramName);
}
