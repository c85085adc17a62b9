using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Checking;

/// <summary>Checks of one <see cref="EnvInfo"/> against the spec: success only where the env declares it, info values laid out by <see cref="EnvSpec.InfoKeys"/>.</summary>
internal static class InfoChecks
{
    public static void Check(EnvInfo info, EnvSpec spec, CheckPoint where, ProblemCollector problems)
    {
        if (info.IsSuccess && !spec.HasSuccess)
        {
            problems.Add(EnvCheckKind.SuccessUndeclared,
                $"EnvInfo.IsSuccess is true {where}, but the spec says HasSuccess = false; set HasSuccess = true or never report success.");
        }

        if (info.Values is not InfoValues values)
        {
            if (spec.InfoKeys.Count > 0)
            {
                problems.Add(EnvCheckKind.InfoValuesMismatch,
                    $"EnvInfo.Values is null {where}, but the spec declares InfoKeys [{string.Join(", ", spec.InfoKeys)}]; return the env's InfoValues buffer on every Reset and Step.");
            }

            return;
        }

        if (!values.Names.SequenceEqual(spec.InfoKeys))
        {
            problems.Add(EnvCheckKind.InfoValuesMismatch,
                $"EnvInfo.Values has the names [{string.Join(", ", values.Names)}] {where}, but the spec's InfoKeys are [{string.Join(", ", spec.InfoKeys)}]; allocate it with new InfoValues(Spec).");
            return;
        }

        ReadOnlySpan<float> span = values.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (!float.IsFinite(span[i]))
            {
                problems.Add(EnvCheckKind.NonFiniteValue, $"EnvInfo.Values[\"{values.Names[i]}\"] is {span[i]} {where}; info values must be finite.");
                return;
            }
        }
    }
}
