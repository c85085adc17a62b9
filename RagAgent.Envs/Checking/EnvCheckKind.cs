namespace RagAgent.Envs.Checking;

/// <summary>The kinds of problem <see cref="EnvChecker"/> reports.</summary>
public enum EnvCheckKind
{
    /// <summary>The spec is missing or fails <c>EnvSpec.Validate</c>.</summary>
    InvalidSpec,

    /// <summary>An observation buffer's length differs from the spec.</summary>
    ObservationShape,

    /// <summary>An observation value or a reward is NaN or infinite.</summary>
    NonFiniteValue,

    /// <summary>The task id lies outside [0, NumTasks) (or is not 0 for a single-task env).</summary>
    TaskIdOutOfRange,

    /// <summary>A real node's id lies outside [0, NodeVocabSize).</summary>
    NodeIdOutOfRange,

    /// <summary>The action mask allows no action while the episode is running.</summary>
    EmptyActionMask,

    /// <summary>The action mask allows an action on a padding node.</summary>
    PaddingNodeActionAllowed,

    /// <summary>An action outside the action space or forbidden by the mask was accepted.</summary>
    ForbiddenActionAccepted,

    /// <summary>A forbidden or out-of-range action was rejected with an exception other than <c>InvalidActionException</c>.</summary>
    ForbiddenActionWrongException,

    /// <summary>Two runs with one seed and one action sequence gave different observations, rewards or flags.</summary>
    NotDeterministic,

    /// <summary>An episode was truncated at a step other than the spec's <c>MaxEpisodeSteps</c>.</summary>
    TruncatedBeforeLimit,

    /// <summary>An episode reached the spec's <c>MaxEpisodeSteps</c> without ending.</summary>
    EpisodeExceedsLimit,

    /// <summary>Step was accepted after an episode ended without a Reset.</summary>
    StepAfterDoneAccepted,

    /// <summary>Reset or Step threw an unexpected exception.</summary>
    UnexpectedException,

    /// <summary>An observation value lies outside the <c>FeatureBounds</c> the spec declares for its part.</summary>
    ObservationOutOfBounds,

    /// <summary>An env whose spec says <c>HasSuccess = false</c> reported <c>EnvInfo.IsSuccess</c>.</summary>
    SuccessUndeclared,

    /// <summary><c>EnvInfo.Values</c> is missing or laid out differently from the spec's <c>InfoKeys</c>.</summary>
    InfoValuesMismatch,
}
