using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// The vector envs' per-step observation copy: like <see cref="Observation.CopyTo"/> but skipping empty buffers,
/// which halves the copy cost of small observations (CartPole: 4 globals, 2 mask entries, four empty buffers).
/// </summary>
internal static class ObservationCopy
{
    /// <summary>Copies every buffer of <paramref name="source"/> into <paramref name="destination"/> (sizes of one spec).</summary>
    public static void Copy(Observation source, Observation destination)
    {
        destination.TaskId = source.TaskId;
        CopyBuffer(source.GoalFeatures, destination.GoalFeatures);
        CopyBuffer(source.NodeIds, destination.NodeIds);
        CopyBuffer(source.NodeFeatures, destination.NodeFeatures);
        CopyBuffer(source.NodeMask, destination.NodeMask);
        CopyBuffer(source.Globals, destination.Globals);
        CopyBuffer(source.ActionMask, destination.ActionMask);
    }

    private static void CopyBuffer<T>(T[] source, T[] destination)
    {
        if (source.Length != destination.Length)
        {
            ThrowSizeMismatch(source.Length, destination.Length);
        }

        if (source.Length != 0)
        {
            source.AsSpan().CopyTo(destination);
        }
    }

    private static void ThrowSizeMismatch(int source, int destination) =>
        throw new InvalidOperationException(
            $"An env copy returned an observation buffer of length {source} where its spec gives {destination}; run EnvChecker on the env.");
}
