using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Baselines;

/// <summary>The observation a baseline reads a batch row into: one per thread and spec, so acting allocates nothing.</summary>
internal static class BaselineRow
{
    [ThreadStatic]
    private static Observation? t_row;

    /// <summary>An observation sized for <paramref name="spec"/>, reused across calls on this thread.</summary>
    public static Observation For(EnvSpec spec)
    {
        if (t_row is null || !t_row.Spec.HasSameShape(spec))
        {
            t_row = new Observation(spec);
        }

        return t_row;
    }
}
