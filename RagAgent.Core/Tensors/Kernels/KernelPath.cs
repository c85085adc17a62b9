using System.Runtime.Intrinsics;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>The SIMD width a matrix-product kernel runs with. <see cref="KernelPaths.Best"/> picks the widest one
/// the machine accelerates; tests force each one.</summary>
internal enum KernelPath
{
    /// <summary>One float at a time (no SIMD).</summary>
    Scalar,

    /// <summary>4 floats per register (SSE, AdvSIMD).</summary>
    Vector128,

    /// <summary>8 floats per register (AVX2).</summary>
    Vector256,

    /// <summary>16 floats per register (AVX-512), with fused multiply-add.</summary>
    Vector512,
}

/// <summary>Chooses the kernel path for this machine.</summary>
internal static class KernelPaths
{
    /// <summary>The widest path the hardware accelerates.</summary>
    public static KernelPath Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;
}
