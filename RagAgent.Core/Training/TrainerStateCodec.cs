using RagAgent.Core.Tensors;

namespace RagAgent.Core.Training;

/// <summary>
/// Encodes trainer counters into float32 tensors for checkpoints. A 64-bit integer is stored as four 16-bit
/// limbs, each exact in float32, so step counts survive the round trip bit for bit.
/// </summary>
public static class TrainerStateCodec
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
