using RagAgent.Core.Tensors.Kernels;

namespace RagAgent.Core.Tensors;

/// <summary>
/// Row-major float32 matrix products in the three forms training needs: forward (A·B), weight gradient (Aᵀ·B) and
/// input gradient (A·Bᵀ). The caller owns every buffer; after the first call on a thread nothing is allocated.
/// </summary>
/// <remarks>
/// The kernels are cache-blocked and register-blocked (an 8×32 tile of C in AVX-512 registers; 4×16 with AVX2,
/// 4×8 with 128-bit SIMD, 4×2 scalar), with B packed into reused per-thread buffers. Products with at most 7 output
/// columns use dot-product or row-sweep kernels instead. The widest SIMD width the machine accelerates is used.
/// Results are deterministic: the same inputs give the same bits on the same machine and path.
/// </remarks>
public static class MatMul
{
    /// <summary>C = A·B (or C += A·B when <paramref name="accumulate"/>).</summary>
    /// <param name="a">[m, k]</param>
    /// <param name="b">[k, n]</param>
    /// <param name="c">[m, n]</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than its shape needs, or a size is negative.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        Multiply(a, b, c, m, k, n, accumulate, KernelPaths.Best);

    /// <summary>C = Aᵀ·B (or C += Aᵀ·B), the weight-gradient form.</summary>
    /// <param name="a">[k, m]</param>
    /// <param name="b">[k, n]</param>
    /// <param name="c">[m, n]</param>
    /// <param name="m">Columns of A, rows of C.</param>
    /// <param name="k">Rows of A and B (the summed dimension, usually the batch).</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than its shape needs, or a size is negative.</exception>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        MultiplyTransposeA(a, b, c, m, k, n, accumulate, KernelPaths.Best);

    /// <summary>C = A·Bᵀ (or C += A·Bᵀ), the input-gradient form.</summary>
    /// <param name="a">[m, k]</param>
    /// <param name="b">[n, k]</param>
    /// <param name="c">[m, n]</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A and B.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than its shape needs, or a size is negative.</exception>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        MultiplyTransposeB(a, b, c, m, k, n, accumulate, KernelPaths.Best);

    /// <summary><see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path (tests run every path).</summary>
    internal static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n, m, k, n, nameof(Multiply));
        Run(a, k, 1, b, n, 1, c, m, k, n, accumulate, path);
    }

    /// <summary><see cref="MultiplyTransposeA(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path.</summary>
    internal static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path)
    {
        CheckShapes(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, (long)m * n, m, k, n, nameof(MultiplyTransposeA));
        Run(a, 1, m, b, n, 1, c, m, k, n, accumulate, path);
    }

    /// <summary><see cref="MultiplyTransposeB(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path.</summary>
    internal static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)n * k, c.Length, (long)m * n, m, k, n, nameof(MultiplyTransposeB));
        Run(a, k, 1, b, 1, k, c, m, k, n, accumulate, path);
    }

    private static unsafe void Run(
        ReadOnlySpan<float> a, nint aRowStride, nint aColStride, ReadOnlySpan<float> b, nint bRowStride, nint bColStride, Span<float> c,
        int m, int k, int n, bool accumulate, KernelPath path)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var operands = new GemmOperands(pa, aRowStride, aColStride, pb, bRowStride, bColStride, pc, m, k, n, accumulate);
            GemmDispatch.Run(path, operands, 0, m);
        }
    }

    private static void CheckShapes(int aLength, long aExpected, int bLength, long bExpected, int cLength, long cExpected, int m, int k, int n, string form)
    {
        if (m < 0 || k < 0 || n < 0)
        {
            throw new ArgumentException($"MatMul.{form}: sizes must be non-negative, got m={m}, k={k}, n={n}.");
        }

        if (aLength < aExpected || bLength < bExpected || cLength < cExpected)
        {
            throw new ArgumentException(
                $"MatMul.{form}: buffers too small for m={m}, k={k}, n={n}: a has {aLength} (needs {aExpected}), b has {bLength} (needs {bExpected}), c has {cLength} (needs {cExpected}).");
        }
    }
}
