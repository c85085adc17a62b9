namespace RagAgent.Envs.Abstractions;

/// <summary>What <see cref="EnvSpec.FindObservationProblems"/> found wrong with an observation.</summary>
public enum ObservationProblemKind
{
    /// <summary>A buffer's length differs from the spec (nothing else is checked then).</summary>
    Shape,

    /// <summary>A feature is NaN or infinite.</summary>
    NonFiniteValue,

    /// <summary>A feature lies outside the <see cref="FeatureBounds"/> the spec declares for its part.</summary>
    OutOfBounds,

    /// <summary>The task id lies outside [0, NumTasks) (or is not 0 for a single-task env).</summary>
    TaskIdOutOfRange,

    /// <summary>A real node's id lies outside [0, NodeVocabSize).</summary>
    NodeIdOutOfRange,

    /// <summary>The action mask allows no action while the episode is running.</summary>
    EmptyActionMask,

    /// <summary>The action mask allows an action on a padding node (its <c>NodeMask</c> entry is false).</summary>
    PaddingNodeActionAllowed,
}
