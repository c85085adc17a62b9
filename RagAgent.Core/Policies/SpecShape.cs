using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies;

/// <summary>Shape equality of env specs, shared by the observation batch and the engines behind the seam.</summary>
internal static class SpecShape
{
    /// <summary>Throws unless <paramref name="actual"/> has the sizes of <paramref name="expected"/> (ids and thresholds may differ).</summary>
    internal static void RequireSameShape(EnvSpec expected, EnvSpec actual, string paramName)
    {
        if (!expected.HasSameShape(actual))
        {
            ThrowSpecMismatch(expected, actual, paramName);
        }
    }

    private static void ThrowSpecMismatch(EnvSpec expected, EnvSpec actual, string paramName) =>
        throw new ArgumentException(
            $"The spec '{actual.Id}' of {paramName} does not match the expected spec '{expected.Id}' (tasks {expected.NumTasks}, goal {expected.GoalFeatureSize}, "
            + $"nodes {expected.MaxNodes} with vocab {expected.NodeVocabSize} and {expected.NodeFeatureSize} features, globals {expected.GlobalFeatureSize}, "
            + $"actions {expected.ActionsPerNode}/node + {expected.ExtraActions} extra).",
            paramName);
}
