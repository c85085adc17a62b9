namespace RagAgent.Core.Tensors;

/// <summary>Element types a checkpoint tensor can hold, with their safetensors names.</summary>
public enum TensorDType
{
    /// <summary>32-bit IEEE float (<c>F32</c>): weights, optimizer moments, returns.</summary>
    F32,

    /// <summary>32-bit signed integer (<c>I32</c>): actions, episode lengths.</summary>
    I32,

    /// <summary>64-bit signed integer (<c>I64</c>).</summary>
    I64,

    /// <summary>Unsigned byte (<c>U8</c>): env snapshots, flags.</summary>
    U8,
}

/// <summary>Sizes and safetensors names of <see cref="TensorDType"/>.</summary>
public static class TensorDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(TensorDType dtype) => dtype switch
    {
        TensorDType.F32 or TensorDType.I32 => 4,
        TensorDType.I64 => 8,
        TensorDType.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
    };

    /// <summary>The safetensors name (<c>F32</c>, <c>I32</c>, <c>I64</c>, <c>U8</c>).</summary>
    public static string Name(TensorDType dtype) => dtype switch
    {
        TensorDType.F32 => "F32",
        TensorDType.I32 => "I32",
        TensorDType.I64 => "I64",
        TensorDType.U8 => "U8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
    };

    /// <summary>Parses a safetensors dtype name; false for a dtype this library does not read.</summary>
    public static bool TryParse(string? name, out TensorDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = TensorDType.F32; return true;
            case "I32": dtype = TensorDType.I32; return true;
            case "I64": dtype = TensorDType.I64; return true;
            case "U8": dtype = TensorDType.U8; return true;
            default: dtype = default; return false;
        }
    }
}
