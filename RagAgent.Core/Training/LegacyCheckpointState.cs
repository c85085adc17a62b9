using RagAgent.Core.Tensors;

namespace RagAgent.Core.Training;

/// <summary>
/// Reads the optimizer and trainer state of format-1 checkpoints (written by RagAgent 0.1.0), which held only float32
/// tensors: integers as four exact 16-bit limbs, bytes packed three per float. Converts them to the typed
/// <see cref="StateDict"/> of format 2 so that old checkpoints still resume.
/// </summary>
internal static class LegacyCheckpointState
{
    private const string Owner = "Format-1 trainer";

    /// <summary>Adam's state: <c>step</c> [2] (low and high 24-bit halves) becomes a counter; moments stay float32.</summary>
    public static StateDict Optimizer(IReadOnlyList<StateTensor> tensors)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        var moments = new List<StateTensor>();
        foreach (StateTensor t in tensors)
        {
            if (t.Name != "step")
            {
                moments.Add(t);
                continue;
            }

            float[] halves = t.ToFloat32();
            const float split = 1 << 24;
            if (halves.Length != 2 || !IsInteger(halves[0], split) || !IsInteger(halves[1], split))
            {
                throw new InvalidDataException($"Format-1 optimizer state 'step' holds [{string.Join(", ", halves)}], not a valid step count.");
            }

            counters["step"] = (long)halves[0] + ((long)halves[1] * (long)split);
        }

        return new StateDict(counters, moments);
    }

    /// <summary>The trainer's <c>counters</c> [20], running lengths, episode window and env state, in their real types.</summary>
    public static StateDict Trainer(IReadOnlyList<StateTensor> tensors)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        float[] limbs = Find(byName, "counters").ToFloat32();
        if (limbs.Length != 20)
        {
            throw new InvalidDataException($"{Owner} state 'counters' has {limbs.Length} entries; expected 20.");
        }

        var counters = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["global_step"] = DecodeInt64(limbs.AsSpan(0, 4)),
            ["update"] = DecodeInt64(limbs.AsSpan(4, 4)),
            ["seed"] = DecodeInt64(limbs.AsSpan(8, 4)),
            ["num_envs"] = DecodeInt64(limbs.AsSpan(12, 4)),
            ["wall_ms"] = DecodeInt64(limbs.AsSpan(16, 4)),
            ["episodes.total"] = DecodeInt64(Find(byName, "episodes.total").ToFloat32()),
        };
        var state = new List<StateTensor>
        {
            Find(byName, "running_returns"),
            StateTensor.Int32("running_lengths", Integers(Find(byName, "running_lengths"))),
            Find(byName, "episodes.returns"),
            StateTensor.Int32("episodes.lengths", Integers(Find(byName, "episodes.lengths"))),
            StateTensor.UInt8("episodes.successes", [.. Find(byName, "episodes.successes").ToFloat32().Select(s => s != 0f ? (byte)1 : (byte)0)]),
        };
        if (byName.TryGetValue("env_snapshot", out StateTensor? snapshot))
        {
            state.Add(StateTensor.UInt8("env_snapshot", DecodeBytes(snapshot.ToFloat32())));
        }
        else
        {
            state.Add(StateTensor.Int32("env_actions", Integers(Find(byName, "env_actions"))));
        }

        return new StateDict(counters, state);
    }

    /// <summary>Inverse of format 1's int64 encoding: four float32 limbs of 16 bits, least significant first.</summary>
    public static long DecodeInt64(ReadOnlySpan<float> limbs)
    {
        if (limbs.Length != 4)
        {
            throw new InvalidDataException($"An encoded int64 has 4 limbs; got {limbs.Length}.");
        }

        ulong bits = 0;
        for (int i = 3; i >= 0; i--)
        {
            if (!IsInteger(limbs[i], 65536f))
            {
                throw new InvalidDataException($"Encoded int64 limb {i} is {limbs[i]}; expected an integer in [0, 65535].");
            }

            bits = (bits << 16) | (ulong)limbs[i];
        }

        return unchecked((long)bits);
    }

    /// <summary>Inverse of format 1's byte packing: the count as four limbs, then three bytes per float.</summary>
    public static byte[] DecodeBytes(ReadOnlySpan<float> packed)
    {
        if (packed.Length < 4)
        {
            throw new InvalidDataException($"Packed bytes start with a 4-limb count; got {packed.Length} floats.");
        }

        long count = DecodeInt64(packed[..4]);
        if (count < 0 || count > int.MaxValue || packed.Length - 4 != (count + 2) / 3)
        {
            throw new InvalidDataException($"Packed bytes claim {count} bytes but hold {packed.Length - 4} groups of three.");
        }

        byte[] bytes = new byte[count];
        for (int i = 0; i < bytes.Length; i++)
        {
            float group = packed[4 + (i / 3)];
            if (!IsInteger(group, 16_777_216f))
            {
                throw new InvalidDataException($"Packed byte group {i / 3} is {group}; expected an integer in [0, 2^24).");
            }

            bytes[i] = (byte)((int)group >> (8 * (i % 3)));
        }

        return bytes;
    }

    private static int[] Integers(StateTensor tensor)
    {
        float[] values = tensor.ToFloat32();
        var integers = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] is >= int.MinValue and <= int.MaxValue) || values[i] != MathF.Floor(values[i]))
            {
                throw new InvalidDataException($"{Owner} state '{tensor.Name}'[{i}] is {values[i]}; expected an integer.");
            }

            integers[i] = (int)values[i];
        }

        return integers;
    }

    private static bool IsInteger(float value, float limit) => value >= 0f && value < limit && value == MathF.Floor(value);

    private static StateTensor Find(Dictionary<string, StateTensor> byName, string name) =>
        byName.TryGetValue(name, out StateTensor? tensor)
            ? tensor
            : throw new InvalidDataException($"{Owner} state has no tensor '{name}': the checkpoint was not written by the trainer or is incomplete.");
}
