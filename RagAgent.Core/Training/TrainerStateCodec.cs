using RagAgent.Core.Tensors;

namespace RagAgent.Core.Training;

/// <summary>
/// Encodes trainer counters and opaque bytes into float32 tensors for checkpoints (our safetensors files hold F32
/// only). A 64-bit integer is stored as four 16-bit limbs, each exact in float32, so step counts survive the round
/// trip bit for bit. Bytes (an env snapshot) are packed three per float: the byte count as an encoded int64 (4
/// floats), then <c>ceil(count / 3)</c> floats each holding <c>b0 + 256·b1 + 65536·b2</c> (an integer below 2²⁴,
/// exact in float32; missing bytes of the last group are 0).
/// </summary>
internal static class TrainerStateCodec
{
    /// <summary>Four float32 limbs of <paramref name="value"/>, least significant first.</summary>
    public static float[] EncodeInt64(long value)
    {
        ulong bits = unchecked((ulong)value);
        return [bits & 0xFFFF, (bits >> 16) & 0xFFFF, (bits >> 32) & 0xFFFF, (bits >> 48) & 0xFFFF];
    }

    /// <summary>Inverse of <see cref="EncodeInt64"/>.</summary>
    /// <param name="limbs">[4]: the limbs, least significant first.</param>
    /// <exception cref="InvalidDataException">The data is not four integral limbs in [0, 65535].</exception>
    public static long DecodeInt64(ReadOnlySpan<float> limbs)
    {
        if (limbs.Length != 4)
        {
            throw new InvalidDataException($"An encoded int64 has 4 limbs; got {limbs.Length}.");
        }

        ulong bits = 0;
        for (int i = 3; i >= 0; i--)
        {
            float limb = limbs[i];
            if (!(limb is >= 0f and <= 65535f) || limb != MathF.Floor(limb))
            {
                throw new InvalidDataException($"Encoded int64 limb {i} is {limb}; expected an integer in [0, 65535].");
            }

            bits = (bits << 16) | (ulong)limb;
        }

        return unchecked((long)bits);
    }

    /// <summary>Packs <paramref name="bytes"/> into floats: the count (4 limbs), then three bytes per float.</summary>
    /// <returns><c>[4 + ceil(bytes.Length / 3)]</c></returns>
    public static float[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        float[] packed = new float[4 + ((bytes.Length + 2) / 3)];
        EncodeInt64(bytes.Length).CopyTo(packed, 0);
        for (int i = 0; i < bytes.Length; i++)
        {
            packed[4 + (i / 3)] += bytes[i] << (8 * (i % 3));
        }

        return packed;
    }

    /// <summary>Inverse of <see cref="EncodeBytes"/>.</summary>
    /// <param name="packed"><c>[4 + ceil(count / 3)]</c></param>
    /// <exception cref="InvalidDataException">The length does not match the count, or a float is not an integer in [0, 2²⁴).</exception>
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
            if (!(group is >= 0f and < 16_777_216f) || group != MathF.Floor(group))
            {
                throw new InvalidDataException($"Packed byte group {i / 3} is {group}; expected an integer in [0, 2^24).");
            }

            bytes[i] = (byte)((int)group >> (8 * (i % 3)));
        }

        return bytes;
    }

    /// <summary>True when a tensor is called <paramref name="name"/>.</summary>
    public static bool Contains(IReadOnlyList<NamedTensor> tensors, string name)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return tensors.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal));
    }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No tensor has that name.</exception>
    public static NamedTensor Find(IReadOnlyList<NamedTensor> tensors, string name)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (NamedTensor t in tensors)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        throw new InvalidDataException($"Trainer state has no tensor '{name}': the checkpoint was not written by this trainer or is incomplete.");
    }
}
