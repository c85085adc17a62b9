using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Checking;

/// <summary>Checks of one observation against the spec: sizes, finite values, id ranges and the action mask.</summary>
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

        if (!CheckLength(observation.GoalFeatures.Length, spec.GoalFeatureSize, "GoalFeatures", "GoalFeatureSize", where, problems)
            || !CheckLength(observation.NodeIds.Length, spec.MaxNodes, "NodeIds", "MaxNodes", where, problems)
            || !CheckLength(observation.NodeMask.Length, spec.MaxNodes, "NodeMask", "MaxNodes", where, problems)
            || !CheckLength(observation.NodeFeatures.Length, spec.MaxNodes * spec.NodeFeatureSize, "NodeFeatures", "MaxNodes × NodeFeatureSize", where, problems)
            || !CheckLength(observation.Globals.Length, spec.GlobalFeatureSize, "Globals", "GlobalFeatureSize", where, problems)
            || !CheckLength(observation.ActionMask.Length, spec.NumActions, "ActionMask", "NumActions", where, problems))
        {
            return false;
        }

        CheckFinite(observation.GoalFeatures, "GoalFeatures", where, problems);
        CheckFinite(observation.NodeFeatures, "NodeFeatures", where, problems);
        CheckFinite(observation.Globals, "Globals", where, problems);
        CheckTaskId(observation.TaskId, spec, where, problems);
        CheckNodeIds(observation, spec, where, problems);
        CheckActionMask(observation, spec, where, done, problems);
        return true;
    }

    private static bool CheckLength(int actual, int expected, string field, string specField, CheckPoint where, ProblemCollector problems)
    {
        if (actual == expected)
        {
            return true;
        }

        problems.Add(EnvCheckKind.ObservationShape,
            $"Observation.{field} has length {actual} {where}, but the spec's {specField} gives {expected}.");
        return false;
    }

    private static void CheckFinite(float[] values, string field, CheckPoint where, ProblemCollector problems)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                problems.Add(EnvCheckKind.NonFiniteValue, $"Observation.{field}[{i}] is {values[i]} {where}; every value must be finite.");
                return;
            }
        }
    }

    private static void CheckTaskId(int taskId, EnvSpec spec, CheckPoint where, ProblemCollector problems)
    {
        int limit = Math.Max(spec.NumTasks, 1);
        if ((uint)taskId >= (uint)limit)
        {
            string range = spec.NumTasks == 0 ? "0 (the spec has NumTasks = 0, a single task)" : $"in [0, {spec.NumTasks}) (the spec's NumTasks)";
            problems.Add(EnvCheckKind.TaskIdOutOfRange, $"Observation.TaskId is {taskId} {where}; it must be {range}.");
        }
    }

    private static void CheckNodeIds(Observation observation, EnvSpec spec, CheckPoint where, ProblemCollector problems)
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
                problems.Add(EnvCheckKind.NodeIdOutOfRange,
                    $"Observation.NodeIds[{node}] is {id} {where}; ids of real nodes must lie in [0, {spec.NodeVocabSize}) (the spec's NodeVocabSize).");
                return;
            }
        }
    }

    private static void CheckActionMask(Observation observation, EnvSpec spec, CheckPoint where, bool done, ProblemCollector problems)
    {
        if (!done && !observation.HasAllowedAction())
        {
            problems.Add(EnvCheckKind.EmptyActionMask,
                $"Observation.ActionMask allows no action {where}, but the episode has not ended; at least one action must be allowed.");
        }

        for (int node = 0; node < spec.MaxNodes; node++)
        {
            if (observation.NodeMask[node])
            {
                continue;
            }

            for (int choice = 0; choice < spec.ActionsPerNode; choice++)
            {
                int action = (node * spec.ActionsPerNode) + choice;
                if (observation.ActionMask[action])
                {
                    problems.Add(EnvCheckKind.PaddingNodeActionAllowed,
                        $"Observation.ActionMask allows action {action} {where}, which acts on padding node {node} (NodeMask[{node}] is false).");
                    return;
                }
            }
        }
    }
}
