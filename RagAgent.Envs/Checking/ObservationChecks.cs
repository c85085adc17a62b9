using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Checking;

/// <summary>Reports the problems <see cref="EnvSpec.FindObservationProblems"/> finds in one observation as checker findings.</summary>
internal static class ObservationChecks
{
    /// <summary>Reports problems of <paramref name="observation"/>; returns false when its sizes are wrong (nothing further can be checked).</summary>
    public static bool Check(Observation? observation, EnvSpec spec, CheckPoint where, bool done, ProblemCollector problems)
    {
        if (observation is null)
        {
            problems.Add(EnvCheckKind.ObservationShape, $"The env returned a null observation {where}.");
            return false;
        }

        bool shapeBroken = false;
        foreach (ObservationProblem problem in spec.FindObservationProblems(observation, episodeEnded: done))
        {
            shapeBroken |= problem.Kind == ObservationProblemKind.Shape;
            problems.Add(KindOf(problem.Kind), $"{problem} ({where}).");
        }

        return !shapeBroken;
    }

    private static EnvCheckKind KindOf(ObservationProblemKind kind) => kind switch
    {
        ObservationProblemKind.Shape => EnvCheckKind.ObservationShape,
        ObservationProblemKind.NonFiniteValue => EnvCheckKind.NonFiniteValue,
        ObservationProblemKind.OutOfBounds => EnvCheckKind.ObservationOutOfBounds,
        ObservationProblemKind.TaskIdOutOfRange => EnvCheckKind.TaskIdOutOfRange,
        ObservationProblemKind.NodeIdOutOfRange => EnvCheckKind.NodeIdOutOfRange,
        ObservationProblemKind.EmptyActionMask => EnvCheckKind.EmptyActionMask,
        _ => EnvCheckKind.PaddingNodeActionAllowed,
    };
}
