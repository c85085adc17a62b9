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
    /// <summary>Products below this many floating-point operations (2·m·k·n) always run on the calling thread:
    /// handing rows to a worker costs a few microseconds.</summary>
    internal const double ParallelMinimumFlops = 1 << 22;

    private static int maxDegreeOfParallelism = 1;

    /// <summary>
    /// Threads one large product may use (default 1: every product runs on the calling thread). Opt in with 2 or
    /// more to split products of at least 2²² floating-point operations (2·m·k·n, e.g. 128×128×128) with at least
    /// 128 rows of C across the calling thread and background workers, capped at
    /// <see cref="Environment.ProcessorCount"/>. Rows of C are split in aligned ranges and each range is computed
    /// with exactly the single-threaded arithmetic, so results are bit-identical whatever the setting; the workers
    /// are started once and reused, so calls still allocate nothing. One parallel product runs at a time; other
    /// threads calling meanwhile compute on their own thread. Smaller products, which dominate small-network RL,
    /// never pay the hand-over cost.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxDegreeOfParallelism = value;
        }
    }

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
        Multiply(a, b, c, m, k, n, accumulate, KernelPaths.Best, DegreeOfParallelism(m, k, n));

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
        MultiplyTransposeA(a, b, c, m, k, n, accumulate, KernelPaths.Best, DegreeOfParallelism(m, k, n));

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
        MultiplyTransposeB(a, b, c, m, k, n, accumulate, KernelPaths.Best, DegreeOfParallelism(m, k, n));

    /// <summary><see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path and thread count (tests run every path).</summary>
    internal static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path, int degreeOfParallelism)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n, m, k, n, nameof(Multiply));
        Run(a, k, 1, b, n, 1, c, m, k, n, accumulate, path, degreeOfParallelism);
    }

    /// <summary><see cref="MultiplyTransposeA(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path and thread count.</summary>
    internal static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path, int degreeOfParallelism)
    {
        CheckShapes(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, (long)m * n, m, k, n, nameof(MultiplyTransposeA));
        Run(a, 1, m, b, n, 1, c, m, k, n, accumulate, path, degreeOfParallelism);
    }

    /// <summary><see cref="MultiplyTransposeB(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool)"/>
    /// on a forced kernel path and thread count.</summary>
    internal static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, KernelPath path, int degreeOfParallelism)
    {
        CheckShapes(a.Length, (long)m * k, b.Length, (long)n * k, c.Length, (long)m * n, m, k, n, nameof(MultiplyTransposeB));
        Run(a, k, 1, b, 1, k, c, m, k, n, accumulate, path, degreeOfParallelism);
    }

    private static unsafe void Run(
        ReadOnlySpan<float> a, nint aRowStride, nint aColStride, ReadOnlySpan<float> b, nint bRowStride, nint bColStride, Span<float> c,
        int m, int k, int n, bool accumulate, KernelPath path, int degreeOfParallelism)
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
            if (degreeOfParallelism > 1)
            {
                GemmParallel.Run(path, operands, degreeOfParallelism);
            }
            else
            {
                GemmDispatch.Run(path, operands, 0, m);
            }
        }
    }

    private static int DegreeOfParallelism(int m, int k, int n)
    {
        int degree = Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
        return degree > 1 && m >= 2 * GemmParallel.RowAlignment && 2.0 * m * k * n >= ParallelMinimumFlops ? degree : 1;
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
