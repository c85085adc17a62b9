using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Checking;

/// <summary>One reset or step of a checker run, reduced to what the determinism check compares.</summary>
internal readonly record struct TraceEntry(
    CheckPoint Where, int Action, ulong ObservationHash, int RewardBits, bool Terminated, bool Truncated, bool IsSuccess, ulong InfoHash)
{
    public static TraceEntry FromReset(CheckPoint where, ResetResult reset) =>
        new(where, -1, Hash(reset.Observation), 0, false, false, false, Hash(reset.Info.Values));

    public static TraceEntry FromStep(CheckPoint where, int action, StepResult step) =>
        new(where, action, Hash(step.Observation), BitConverter.SingleToInt32Bits(step.Reward), step.Terminated, step.Truncated, step.Info.IsSuccess,
            Hash(step.Info.Values));

    /// <summary>Describes the first field in which <paramref name="other"/> differs, or null when none does.</summary>
    public string? Difference(TraceEntry other)
    {
        if (Action != other.Action)
        {
            return $"the sampled action differs ({Action} vs {other.Action}) because the action masks differed";
        }

        if (ObservationHash != other.ObservationHash)
        {
            return "the observation differs";
        }

        if (RewardBits != other.RewardBits)
        {
            return $"the reward differs ({BitConverter.Int32BitsToSingle(RewardBits)} vs {BitConverter.Int32BitsToSingle(other.RewardBits)})";
        }

        if (Terminated != other.Terminated || Truncated != other.Truncated || IsSuccess != other.IsSuccess)
        {
            return $"the flags differ (terminated {Terminated} vs {other.Terminated}, truncated {Truncated} vs {other.Truncated}, success {IsSuccess} vs {other.IsSuccess})";
        }

        return InfoHash != other.InfoHash ? "the info values (EnvInfo.Values) differ" : null;
    }

    /// <summary>FNV-1a over the info values' bit patterns (0 slots hash like none).</summary>
    private static ulong Hash(InfoValues? values)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float value in values is null ? [] : values.AsSpan())
        {
            Mix(ref hash, BitConverter.SingleToInt32Bits(value));
        }

        return hash;
    }

    /// <summary>FNV-1a over every buffer of the observation (float bit patterns, ids, masks).</summary>
    private static ulong Hash(Observation observation)
    {
        ulong hash = 14695981039346656037UL;
        Mix(ref hash, observation.TaskId);
        foreach (float value in observation.GoalFeatures)
        {
            Mix(ref hash, BitConverter.SingleToInt32Bits(value));
        }

        foreach (int id in observation.NodeIds)
        {
            Mix(ref hash, id);
        }

        foreach (float value in observation.NodeFeatures)
        {
            Mix(ref hash, BitConverter.SingleToInt32Bits(value));
        }

        foreach (bool real in observation.NodeMask)
        {
            Mix(ref hash, real ? 1 : 0);
        }

        foreach (float value in observation.Globals)
        {
            Mix(ref hash, BitConverter.SingleToInt32Bits(value));
        }

        foreach (bool allowed in observation.ActionMask)
        {
            Mix(ref hash, allowed ? 1 : 0);
        }

        return hash;
    }

    private static void Mix(ref ulong hash, int value)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            hash ^= (byte)(value >> shift);
            hash *= 1099511628211UL;
        }
    }
}
