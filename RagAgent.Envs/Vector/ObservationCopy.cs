using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// The vector envs' per-step observation copy: like <see cref="Observation.CopyTo"/> but skipping empty buffers,
/// which halves the copy cost of small observations (CartPole: 4 globals, 2 mask entries, four empty buffers).
/// </summary>
internal static class ObservationCopy
{
    /// <summary>Copies every buffer of <paramref name="source"/> into <paramref name="destination"/>, whose spec must have the same shape.</summary>
    /// <exception cref="ArgumentException">An env copy returned an observation of another shape (see <see cref="EnvSpec.RequireSameShape"/>).</exception>
    public static void Copy(Observation source, Observation destination)
    {
        destination.Spec.RequireSameShape(source.Spec, nameof(source));
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
        if (source.Length != 0)
        {
            source.AsSpan().CopyTo(destination);
        }
    }
}
