namespace RagAgent.Envs.Abstractions;

/// <summary>The fields of an <see cref="Observation"/>, for naming where a problem is.</summary>
public enum ObservationPart
{
    /// <summary><see cref="Observation.TaskId"/>.</summary>
    TaskId,

    /// <summary><see cref="Observation.GoalFeatures"/>, <c>[GoalFeatureSize]</c>.</summary>
    GoalFeatures,

    /// <summary><see cref="Observation.NodeIds"/>, <c>[MaxNodes]</c>.</summary>
    NodeIds,

    /// <summary><see cref="Observation.NodeFeatures"/>, row-major <c>[MaxNodes, NodeFeatureSize]</c>.</summary>
    NodeFeatures,

    /// <summary><see cref="Observation.NodeMask"/>, <c>[MaxNodes]</c>.</summary>
    NodeMask,

    /// <summary><see cref="Observation.Globals"/>, <c>[GlobalFeatureSize]</c>.</summary>
    Globals,

    /// <summary><see cref="Observation.ActionMask"/>, <c>[NumActions]</c>.</summary>
    ActionMask,
}
