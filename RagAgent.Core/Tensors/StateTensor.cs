using System.Runtime.InteropServices;

namespace RagAgent.Core.Tensors;

/// <summary>
/// A named tensor of any <see cref="TensorDType"/>, held as raw little-endian bytes: the unit of optimizer and
/// trainer state in checkpoints, so counts stay integers and snapshots stay bytes.
/// </summary>
public sealed class StateTensor
{
    private readonly byte[] _bytes;

    /// <summary>Wraps raw little-endian <paramref name="bytes"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The byte count does not match the shape and dtype.</exception>
    public StateTensor(string name, TensorDType dtype, int[] shape, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(bytes);
        long count = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count * TensorDTypes.SizeOf(dtype) != bytes.Length)
        {
            throw new ArgumentException(
                $"State tensor '{name}': shape [{string.Join(", ", shape)}] of {TensorDTypes.Name(dtype)} needs {count * TensorDTypes.SizeOf(dtype)} bytes; got {bytes.Length}.",
                nameof(bytes));
        }

        Name = name;
        DType = dtype;
        Shape = shape;
        _bytes = bytes;
    }

    /// <summary>Dotted name, for example <c>running_returns</c>.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public TensorDType DType { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => _bytes.Length / TensorDTypes.SizeOf(DType);

    /// <summary>The raw little-endian bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>This tensor under another name, sharing its bytes (no copy).</summary>
    internal StateTensor Renamed(string name) => new(name, DType, Shape, _bytes);

    /// <summary>A 1-D float32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static StateTensor Float32(string name, ReadOnlySpan<float> values) =>
        new(name, TensorDType.F32, [values.Length], ToBytes(values));

    /// <summary>A 1-D int32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static StateTensor Int32(string name, ReadOnlySpan<int> values) =>
        new(name, TensorDType.I32, [values.Length], ToBytes(values));

    /// <summary>A 1-D int64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static StateTensor Int64(string name, ReadOnlySpan<long> values) =>
        new(name, TensorDType.I64, [values.Length], ToBytes(values));

    /// <summary>A 1-D byte tensor holding a copy of <paramref name="values"/>.</summary>
    public static StateTensor UInt8(string name, ReadOnlySpan<byte> values) =>
        new(name, TensorDType.U8, [values.Length], values.ToArray());

    /// <summary>The float32 tensor <paramref name="tensor"/> as a state tensor (copies the data).</summary>
    public static StateTensor FromNamedTensor(NamedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new(tensor.Name, TensorDType.F32, (int[])tensor.Shape.Clone(), ToBytes<float>(tensor.Data));
    }

    /// <summary>This float32 tensor as a <see cref="NamedTensor"/>.</summary>
    /// <exception cref="InvalidDataException">The dtype is not F32.</exception>
    public NamedTensor ToNamedTensor() => new(Name, (int[])Shape.Clone(), ToFloat32());

    /// <summary>The values of a float32 tensor.</summary>
    /// <exception cref="InvalidDataException">The dtype is not F32.</exception>
    public float[] ToFloat32() => Values<float>(TensorDType.F32);

    /// <summary>The values of an int32 tensor.</summary>
    /// <exception cref="InvalidDataException">The dtype is not I32.</exception>
    public int[] ToInt32() => Values<int>(TensorDType.I32);

    /// <summary>The values of an int64 tensor.</summary>
    /// <exception cref="InvalidDataException">The dtype is not I64.</exception>
    public long[] ToInt64() => Values<long>(TensorDType.I64);

    /// <summary>A copy of the bytes of a U8 tensor.</summary>
    /// <exception cref="InvalidDataException">The dtype is not U8.</exception>
    public byte[] ToUInt8() => Values<byte>(TensorDType.U8);

    private T[] Values<T>(TensorDType expected)
        where T : unmanaged
    {
        if (DType != expected)
        {
            throw new InvalidDataException($"State tensor '{Name}' holds {TensorDTypes.Name(DType)}; expected {TensorDTypes.Name(expected)}.");
        }

        var values = new T[Length];
        Span<byte> destination = MemoryMarshal.AsBytes(values.AsSpan());
        _bytes.AsSpan().CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(destination, TensorDTypes.SizeOf(expected));
        }

        return values;
    }

    private static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(bytes, bytes.Length / Math.Max(values.Length, 1));
        }

        return bytes;
    }

    private static void ReverseEndianness(Span<byte> bytes, int size)
    {
        for (int i = 0; i + size <= bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }
}
