using System.Globalization;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Contracts;

namespace RagAgent.Hosting.Validation;

/// <summary>
/// Turns an <see cref="ObservationPayload"/> into an <see cref="Observation"/> of a policy's <see cref="EnvSpec"/>:
/// checks what is JSON-specific (fields present or absent, array lengths, one row per node) and then the values
/// with the spec's own validator (<see cref="EnvSpec.FindObservationProblems"/>: finite, inside declared bounds,
/// ids in range, masks). Errors are keyed by the JSON path of the field (for example
/// <c>instances[2].observation.globals[3]</c>), as RFC 7807 validation problems expect.
/// </summary>
public static class ObservationReader
{
    private const int MaxErrors = 20;

    /// <summary>Validates <paramref name="payload"/>; returns the observation, or null after adding errors.</summary>
    public static Observation? Read(ObservationPayload? payload, EnvSpec spec, string path, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        if (payload is null)
        {
            Add(errors, path, "is required.");
            return null;
        }

        int before = errors.Count;
        var observation = new Observation(spec);
        ReadTask(payload, spec, path, errors, observation);
        Floats(payload.GoalFeatures, spec.GoalFeatureSize, $"{path}.goalFeatures", errors, observation.GoalFeatures);
        ReadNodes(payload, spec, path, errors, observation);
        Floats(payload.Globals, spec.GlobalFeatureSize, $"{path}.globals", errors, observation.Globals);
        ReadActionMask(payload.ActionMask, spec, path, errors, observation);
        if (errors.Count != before)
        {
            return null;
        }

        foreach (ObservationProblem problem in spec.FindObservationProblems(observation))
        {
            Add(errors, JsonField(path, problem, spec), problem.Detail + ".");
        }

        return errors.Count == before ? observation : null;
    }

    /// <summary>The JSON path of a problem's field: <c>NodeFeatures[19]</c> with 8 features per node is <c>nodeFeatures[2][3]</c>.</summary>
    private static string JsonField(string path, ObservationProblem problem, EnvSpec spec)
    {
        string name = $"{path}.{char.ToLowerInvariant(problem.Part.ToString()[0])}{problem.Part.ToString()[1..]}";
        return problem.Index < 0 ? name
            : problem.Part == ObservationPart.NodeFeatures
                ? string.Create(CultureInfo.InvariantCulture, $"{name}[{problem.Index / spec.NodeFeatureSize}][{problem.Index % spec.NodeFeatureSize}]")
                : string.Create(CultureInfo.InvariantCulture, $"{name}[{problem.Index}]");
    }

    private static void ReadTask(ObservationPayload payload, EnvSpec spec, string path, Dictionary<string, string[]> errors, Observation observation)
    {
        if (spec.NumTasks > 0 && payload.TaskId is null)
        {
            Add(errors, $"{path}.taskId", $"is required: an integer in [0, {spec.NumTasks}).");
            return;
        }

        observation.TaskId = payload.TaskId ?? 0;
    }

    private static void ReadNodes(ObservationPayload payload, EnvSpec spec, string path, Dictionary<string, string[]> errors, Observation observation)
    {
        int? fromIds = payload.NodeIds?.Length;
        int? fromFeatures = payload.NodeFeatures?.Length;
        if (spec.MaxNodes == 0)
        {
            Forbid(payload.NodeIds is not null, $"{path}.nodeIds", spec, errors);
            Forbid(payload.NodeFeatures is not null, $"{path}.nodeFeatures", spec, errors);
            Forbid(payload.NodeMask is not null, $"{path}.nodeMask", spec, errors);
            return;
        }

        if (spec.NodeVocabSize == 0 && payload.NodeIds is not null)
        {
            Add(errors, $"{path}.nodeIds", $"must be absent: nodes of policy '{spec.Id}' carry no ids.");
        }

        if (spec.NodeFeatureSize == 0 && payload.NodeFeatures is not null)
        {
            Add(errors, $"{path}.nodeFeatures", $"must be absent: nodes of policy '{spec.Id}' carry no features.");
        }

        if (spec.NodeVocabSize > 0 && fromIds is null)
        {
            Add(errors, $"{path}.nodeIds", $"is required: [nodes] ids in [0, {spec.NodeVocabSize}), 1 <= nodes <= {spec.MaxNodes}.");
        }

        if (spec.NodeFeatureSize > 0 && fromFeatures is null)
        {
            Add(errors, $"{path}.nodeFeatures", $"is required: [nodes][{spec.NodeFeatureSize}] finite numbers, 1 <= nodes <= {spec.MaxNodes}.");
        }

        int nodes = (spec.NodeVocabSize > 0 ? fromIds : fromFeatures) ?? 0;
        string countField = spec.NodeVocabSize > 0 ? $"{path}.nodeIds" : $"{path}.nodeFeatures";
        if ((fromIds ?? fromFeatures) is not null && (nodes < 1 || nodes > spec.MaxNodes))
        {
            Add(errors, countField, $"has {nodes} nodes; expected 1 to {spec.MaxNodes}.");
            return;
        }

        if (spec.NodeVocabSize > 0 && spec.NodeFeatureSize > 0 && fromIds is int a && fromFeatures is int b && a != b)
        {
            Add(errors, $"{path}.nodeFeatures", $"has {b} rows but nodeIds has {a} entries; expected one row per node.");
            return;
        }

        if (payload.NodeIds is int[] ids && spec.NodeVocabSize > 0)
        {
            ids.CopyTo(observation.NodeIds, 0);
        }

        if (payload.NodeFeatures is float[]?[] rows && spec.NodeFeatureSize > 0)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                Floats(rows[i], spec.NodeFeatureSize, $"{path}.nodeFeatures[{i}]", errors,
                    observation.NodeFeatures.AsSpan(i * spec.NodeFeatureSize, spec.NodeFeatureSize));
            }
        }

        Array.Fill(observation.NodeMask, false);
        if (payload.NodeMask is bool[] mask)
        {
            if (mask.Length != nodes)
            {
                Add(errors, $"{path}.nodeMask", $"has {mask.Length} entries; expected one per given node ({nodes}).");
            }
            else
            {
                mask.CopyTo(observation.NodeMask, 0);
            }
        }
        else
        {
            observation.NodeMask.AsSpan(0, nodes).Fill(true);
        }

    }

    private static void ReadActionMask(bool[]? mask, EnvSpec spec, string path, Dictionary<string, string[]> errors, Observation observation)
    {
        string field = $"{path}.actionMask";
        if (mask is null)
        {
            Add(errors, field, $"is required: [{spec.NumActions}] booleans, true = allowed.");
        }
        else if (mask.Length != spec.NumActions)
        {
            Add(errors, field, $"has {mask.Length} entries; expected {spec.NumActions} (numActions).");
        }
        else
        {
            mask.CopyTo(observation.ActionMask, 0);
        }
    }

    private static void Floats(float[]? values, int size, string field, Dictionary<string, string[]> errors, Span<float> destination)
    {
        if (size == 0)
        {
            if (values is { Length: > 0 })
            {
                Add(errors, field, "must be absent or empty: the policy's spec has size 0 here.");
            }

            return;
        }

        if (values is null)
        {
            Add(errors, field, $"is required: [{size}] finite numbers.");
        }
        else if (values.Length != size)
        {
            Add(errors, field, $"has {values.Length} entries; expected {size}.");
        }
        else
        {
            values.CopyTo(destination);
        }
    }

    private static void Forbid(bool present, string field, EnvSpec spec, Dictionary<string, string[]> errors)
    {
        if (present)
        {
            Add(errors, field, $"must be absent: policy '{spec.Id}' has a flat observation (no nodes).");
        }
    }

    /// <summary>Adds an error for <paramref name="field"/> (at most 20 errors are kept).</summary>
    public static void Add(Dictionary<string, string[]> errors, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count < MaxErrors && !errors.ContainsKey(field))
        {
            errors[field] = [$"{field} {message}"];
        }
    }
}
