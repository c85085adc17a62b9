using System.Runtime.CompilerServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>4 rows × 2 registers of C (4×16 with AVX2: 8 accumulators, fits 16 registers).</summary>
internal readonly unsafe struct MicroKernel4x2<TOps, TVec> : IMicroKernel
    where TOps : ISimdOps<TVec>
    where TVec : unmanaged
{
    public static int Rows => 4;

    public static int Columns => 2 * TOps.Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, nint aRowStride, nint aColStride, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool loadC)
    {
        int w = TOps.Width;
        float* a0 = a;
        float* a1 = a + (Math.Min(1, rows - 1) * aRowStride);
        float* a2 = a + (Math.Min(2, rows - 1) * aRowStride);
        float* a3 = a + (Math.Min(3, rows - 1) * aRowStride);

        TVec c00, c01, c10, c11, c20, c21, c30, c31;
        if (loadC)
        {
            c00 = TOps.Load(c);
            c01 = TOps.Load(c + w);
            c10 = TOps.Load(c + ldc);
            c11 = TOps.Load(c + ldc + w);
            c20 = TOps.Load(c + (2 * ldc));
            c21 = TOps.Load(c + (2 * ldc) + w);
            c30 = TOps.Load(c + (3 * ldc));
            c31 = TOps.Load(c + (3 * ldc) + w);
        }
        else
        {
            c00 = c01 = TOps.Zero;
            c10 = c11 = TOps.Zero;
            c20 = c21 = TOps.Zero;
            c30 = c31 = TOps.Zero;
        }

        nint index = 0;
        for (int p = 0; p < depth; p++)
        {
            TVec b0 = TOps.Load(b);
            TVec b1 = TOps.Load(b + w);
            b += bStride;
            TVec x0 = TOps.Broadcast(a0[index]);
            c00 = TOps.MultiplyAdd(x0, b0, c00);
            c01 = TOps.MultiplyAdd(x0, b1, c01);
            TVec x1 = TOps.Broadcast(a1[index]);
            c10 = TOps.MultiplyAdd(x1, b0, c10);
            c11 = TOps.MultiplyAdd(x1, b1, c11);
            TVec x2 = TOps.Broadcast(a2[index]);
            c20 = TOps.MultiplyAdd(x2, b0, c20);
            c21 = TOps.MultiplyAdd(x2, b1, c21);
            TVec x3 = TOps.Broadcast(a3[index]);
            c30 = TOps.MultiplyAdd(x3, b0, c30);
            c31 = TOps.MultiplyAdd(x3, b1, c31);
            index += aColStride;
        }

        TOps.Store(c, c00);
        TOps.Store(c + w, c01);
        TOps.Store(c + ldc, c10);
        TOps.Store(c + ldc + w, c11);
        TOps.Store(c + (2 * ldc), c20);
        TOps.Store(c + (2 * ldc) + w, c21);
        TOps.Store(c + (3 * ldc), c30);
        TOps.Store(c + (3 * ldc) + w, c31);
    }
}
