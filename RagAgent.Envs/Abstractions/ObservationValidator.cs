using System.Globalization;

namespace RagAgent.Envs.Abstractions;

/// <summary>
/// The one check of an observation against its spec, behind <see cref="EnvSpec.FindObservationProblems"/>: sizes,
/// finite features, declared bounds, task and node ids, the node mask and the action mask. Reports the first problem
/// of each kind in each field; allocates nothing when the observation is valid.
/// </summary>
internal static class ObservationValidator
{
    public static IReadOnlyList<ObservationProblem> Find(EnvSpec spec, Observation observation, bool episodeEnded)
    {
        List<ObservationProblem>? problems = null;
        CheckLength(ref problems, ObservationPart.GoalFeatures, observation.GoalFeatures.Length, spec.GoalFeatureSize, nameof(EnvSpec.GoalFeatureSize));
        CheckLength(ref problems, ObservationPart.NodeIds, observation.NodeIds.Length, spec.MaxNodes, nameof(EnvSpec.MaxNodes));
        CheckLength(ref problems, ObservationPart.NodeFeatures, observation.NodeFeatures.Length, spec.MaxNodes * spec.NodeFeatureSize, "MaxNodes × NodeFeatureSize");
        CheckLength(ref problems, ObservationPart.NodeMask, observation.NodeMask.Length, spec.MaxNodes, nameof(EnvSpec.MaxNodes));
        CheckLength(ref problems, ObservationPart.Globals, observation.Globals.Length, spec.GlobalFeatureSize, nameof(EnvSpec.GlobalFeatureSize));
        CheckLength(ref problems, ObservationPart.ActionMask, observation.ActionMask.Length, spec.NumActions, nameof(EnvSpec.NumActions));
        if (problems is not null)
        {
            return problems;
        }

        CheckTaskId(ref problems, spec, observation.TaskId);
        CheckFeatures(ref problems, ObservationPart.GoalFeatures, observation.GoalFeatures, spec.GoalFeatureBounds, nameof(EnvSpec.GoalFeatureBounds));
        CheckNodeFeatures(ref problems, spec, observation);
        CheckFeatures(ref problems, ObservationPart.Globals, observation.Globals, spec.GlobalBounds, nameof(EnvSpec.GlobalBounds));
        CheckNodeIds(ref problems, spec, observation);
        CheckActionMask(ref problems, spec, observation, episodeEnded);
        return problems ?? (IReadOnlyList<ObservationProblem>)[];
    }

    private static void Add(ref List<ObservationProblem>? problems, ObservationProblemKind kind, ObservationPart part, int index, string detail) =>
        (problems ??= []).Add(new ObservationProblem(kind, part, index, detail));

    private static string Number(float value) => value.ToString(CultureInfo.InvariantCulture);

    private static void CheckLength(ref List<ObservationProblem>? problems, ObservationPart part, int actual, int expected, string specField)
    {
        if (actual != expected)
        {
            Add(ref problems, ObservationProblemKind.Shape, part, -1,
                string.Create(CultureInfo.InvariantCulture, $"has length {actual}; expected {expected} (the spec's {specField})"));
        }
    }

    private static void CheckTaskId(ref List<ObservationProblem>? problems, EnvSpec spec, int taskId)
    {
        if ((uint)taskId < (uint)Math.Max(spec.NumTasks, 1))
        {
            return;
        }

        string expected = spec.NumTasks == 0
            ? "expected 0 (the spec has NumTasks = 0, a single task)"
            : $"expected an integer in [0, {spec.NumTasks}) (the spec's NumTasks)";
        Add(ref problems, ObservationProblemKind.TaskIdOutOfRange, ObservationPart.TaskId, -1,
            string.Create(CultureInfo.InvariantCulture, $"is {taskId}; {expected}"));
    }

    private static void CheckFeatures(
        ref List<ObservationProblem>? problems, ObservationPart part, ReadOnlySpan<float> values, FeatureBounds? bounds, string boundsField)
    {
        int nonFinite = FirstNonFinite(values);
        if (nonFinite >= 0)
        {
            Add(ref problems, ObservationProblemKind.NonFiniteValue, part, nonFinite, $"is {Number(values[nonFinite])}; expected a finite number");
        }

        int outside = FirstOutside(values, bounds);
        if (outside >= 0)
        {
            Add(ref problems, ObservationProblemKind.OutOfBounds, part, outside, OutsideDetail(values[outside], bounds!, boundsField, string.Empty));
        }
    }

    private static void CheckNodeFeatures(ref List<ObservationProblem>? problems, EnvSpec spec, Observation observation)
    {
        int width = spec.NodeFeatureSize;
        float[] features = observation.NodeFeatures;
        int nonFinite = FirstNonFinite(features);
        if (nonFinite >= 0)
        {
            Add(ref problems, ObservationProblemKind.NonFiniteValue, ObservationPart.NodeFeatures, nonFinite,
                $"{NodeFeature(nonFinite, width)} is {Number(features[nonFinite])}; expected a finite number");
        }

        if (spec.NodeFeatureBounds is not FeatureBounds bounds)
        {
            return;
        }

        for (int node = 0; node < spec.MaxNodes; node++)
        {
            int outside = observation.NodeMask[node] ? FirstOutside(features.AsSpan(node * width, width), bounds) : -1;
            if (outside >= 0)
            {
                int index = (node * width) + outside;
                Add(ref problems, ObservationProblemKind.OutOfBounds, ObservationPart.NodeFeatures, index,
                    OutsideDetail(features[index], bounds, nameof(EnvSpec.NodeFeatureBounds), NodeFeature(index, width) + " "));
                return;
            }
        }
    }

    private static void CheckNodeIds(ref List<ObservationProblem>? problems, EnvSpec spec, Observation observation)
    {
        if (spec.NodeVocabSize == 0)
        {
            return;
        }

        for (int node = 0; node < spec.MaxNodes; node++)
        {
            int id = observation.NodeIds[node];
            if (observation.NodeMask[node] && (uint)id >= (uint)spec.NodeVocabSize)
            {
                Add(ref problems, ObservationProblemKind.NodeIdOutOfRange, ObservationPart.NodeIds, node, string.Create(
                    CultureInfo.InvariantCulture,
                    $"is {id}; ids of real nodes must lie in [0, {spec.NodeVocabSize}) (the spec's NodeVocabSize)"));
                return;
            }
        }
    }

    private static void CheckActionMask(ref List<ObservationProblem>? problems, EnvSpec spec, Observation observation, bool episodeEnded)
    {
        if (!episodeEnded && !observation.HasAllowedAction())
        {
            Add(ref problems, ObservationProblemKind.EmptyActionMask, ObservationPart.ActionMask, -1,
                "allows no action; at least one action must be allowed while the episode runs");
        }

        for (int action = 0; action < spec.NodeActions; action++)
        {
            int node = action / spec.ActionsPerNode;
            if (observation.ActionMask[action] && !observation.NodeMask[node])
            {
                Add(ref problems, ObservationProblemKind.PaddingNodeActionAllowed, ObservationPart.ActionMask, action, string.Create(
                    CultureInfo.InvariantCulture,
                    $"allows action {action}, which acts on padding node {node} (NodeMask[{node}] is false)"));
                return;
            }
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FirstOutside(ReadOnlySpan<float> values, FeatureBounds? bounds)
    {
        if (bounds is null)
        {
            return -1;
        }

        for (int i = 0; i < values.Length; i++)
        {
            // Non-finite values are reported as such; bounds concern finite values.
            if (float.IsFinite(values[i]) && !bounds.Contains(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string OutsideDetail(float value, FeatureBounds bounds, string boundsField, string prefix) =>
        $"{prefix}is {Number(value)}; expected a value in {bounds} (the spec's {boundsField})";

    private static string NodeFeature(int index, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"(node {index / width}, feature {index % width})");
}
