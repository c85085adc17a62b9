using System.Numerics.Tensors;

namespace RagAgent.Core.Tensors;

/// <summary>
/// Row-major float32 matrix products in the three forms training needs: forward (A·B), weight gradient (Aᵀ·B) and
/// input gradient (A·Bᵀ). The caller owns every buffer; nothing is allocated.
/// </summary>
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
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        CheckShapes(a.Length, m * k, b.Length, k * n, c.Length, m * n, nameof(Multiply));
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[(i * k) + p], cRow, cRow);
            }
        }
    }

    /// <summary>C = Aᵀ·B (or C += Aᵀ·B), the weight-gradient form.</summary>
    /// <param name="a">[k, m]</param>
    /// <param name="b">[k, n]</param>
    /// <param name="c">[m, n]</param>
    /// <param name="m">Columns of A, rows of C.</param>
    /// <param name="k">Rows of A and B (the summed dimension, usually the batch).</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        CheckShapes(a.Length, k * m, b.Length, k * n, c.Length, m * n, nameof(MultiplyTransposeA));
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int p = 0; p < k; p++)
        {
            ReadOnlySpan<float> bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                Span<float> cRow = c.Slice(i * n, n);
                TensorPrimitives.MultiplyAdd(bRow, a[(p * m) + i], cRow, cRow);
            }
        }
    }

    /// <summary>C = A·Bᵀ (or C += A·Bᵀ), the input-gradient form.</summary>
    /// <param name="a">[m, k]</param>
    /// <param name="b">[n, k]</param>
    /// <param name="c">[m, n]</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A and B.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        CheckShapes(a.Length, m * k, b.Length, n * k, c.Length, m * n, nameof(MultiplyTransposeB));
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                float dot = TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
                c[(i * n) + j] = accumulate ? c[(i * n) + j] + dot : dot;
            }
        }
    }

    private static void CheckShapes(int aLength, int aExpected, int bLength, int bExpected, int cLength, int cExpected, string form)
    {
        if (aLength < aExpected || bLength < bExpected || cLength < cExpected)
        {
            throw new ArgumentException(
                $"MatMul.{form}: buffers too small: a has {aLength} (needs {aExpected}), b has {bLength} (needs {bExpected}), c has {cLength} (needs {cExpected}).");
        }
    }
}
