namespace RagAgent.Envs.Vector;

/// <summary>Argument and state checks shared by the vector envs, kept out of their hot loops.</summary>
internal static class VectorEnvGuards
{
    public static void ThrowIfCannotStep(bool started, ReadOnlySpan<int> actions, int numEnvs, string owner)
    {
        if (!started)
        {
            throw new InvalidOperationException($"{owner}: call Reset before Step.");
        }

        if (actions.Length != numEnvs)
        {
            throw new ArgumentException($"{owner}: actions must have shape [NumEnvs] = [{numEnvs}], got [{actions.Length}].", nameof(actions));
        }
    }
}
