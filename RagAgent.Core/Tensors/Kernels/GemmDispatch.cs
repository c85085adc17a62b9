using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>Runs rows [rowStart, rowEnd) of one product on the chosen path. The kernel is chosen from the path,
/// n and the form only (never from the row range), so any row split gives the single-threaded result bit for bit.
/// The kernels are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: their unoptimised (tier-0) code is
/// over 20 times slower, and on a busy machine tier-up was seen to take longer than a whole benchmark run.</summary>
internal static class GemmDispatch
{
    public static void Run(KernelPath path, in GemmOperands op, int rowStart, int rowEnd)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Run<Simd512, Vector512<float>, MicroKernel8x2<Simd512, Vector512<float>>, MicroKernel4x2<Simd512, Vector512<float>>>(op, rowStart, rowEnd);
                break;
            case KernelPath.Vector256:
                Run<Simd256, Vector256<float>, MicroKernel4x2<Simd256, Vector256<float>>, MicroKernel4x2<Simd256, Vector256<float>>>(op, rowStart, rowEnd);
                break;
            case KernelPath.Vector128:
                Run<Simd128, Vector128<float>, MicroKernel4x2<Simd128, Vector128<float>>, MicroKernel4x2<Simd128, Vector128<float>>>(op, rowStart, rowEnd);
                break;
            default:
                Run<SimdScalar, float, MicroKernel4x2<SimdScalar, float>, MicroKernel4x2<SimdScalar, float>>(op, rowStart, rowEnd);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TOps, TVec, TKernel, THalfKernel>(in GemmOperands op, int rowStart, int rowEnd)
        where TOps : ISimdOps<TVec>
        where TVec : unmanaged
        where TKernel : IMicroKernel
        where THalfKernel : IMicroKernel
    {
        // A·Bᵀ with a handful of rows: dot products read B in place, where transposing it into panels would cost
        // more than the product.
        bool fewRowsTransposedB = op.M <= NarrowGemm.MaxDotRows && op.K >= NarrowGemm.MinDotDepth && op.BRowStride == 1 && op.ARowsContiguous;
        if (op.N > NarrowGemm.MaxColumns && !fewRowsTransposedB)
        {
            BlockedGemm.Run<TKernel, THalfKernel>(op, rowStart, rowEnd);
        }
        else if (op.ARowsContiguous)
        {
            NarrowGemm.RunDot<TOps, TVec>(op, rowStart, rowEnd);
        }
        else
        {
            NarrowGemm.RunSweep<TOps, TVec>(op, rowStart, rowEnd);
        }
    }
}
