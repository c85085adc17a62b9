using System.Runtime.CompilerServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>
/// Products with few output columns (a value head, CartPole's two actions), where a 32-column register tile would
/// be mostly padding. When rows of op(A) are contiguous, c(i, j) is a dot product along k, four rows at a time;
/// otherwise (Aᵀ·B) columns of op(A) are contiguous and c(:, j) is swept over rows with k multiply-adds per lane.
/// Each c(i, j) gets the same arithmetic whatever row range it falls in.
/// </summary>
internal static unsafe class NarrowGemm
{
    /// <summary>Widest n handled here; wider products use <see cref="BlockedGemm"/>.</summary>
    public const int MaxColumns = 7;

    /// <summary>A·Bᵀ with at most this many rows and a depth of at least <see cref="MinDotDepth"/> also runs as dot
    /// products, whatever n (measured: faster than packing B up to 4 rows).</summary>
    public const int MaxDotRows = 4;

    /// <summary>Shallower products leave the dot-product registers empty; they use the blocked kernel.</summary>
    public const int MinDotDepth = 32;

    /// <summary>Row groups of the column sweep are 4 registers; a row split aligned to 64 keeps them intact.</summary>
    private const int SweepRegisters = 4;

    /// <summary>c(i, j) = Σ_p a(i, p)·b(p, j) as dot products; needs contiguous rows of op(A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunDot<TOps, TVec>(in GemmOperands op, int rowStart, int rowEnd)
        where TOps : ISimdOps<TVec>
        where TVec : unmanaged
    {
        int k = op.K;
        int n = op.N;
        float* bt = op.B;
        nint btStride = op.BColStride;
        if (op.BRowStride != 1)
        {
            bt = GemmScratch.Rent(k * n);
            btStride = k;
            float* b = op.B;
            nint ldb = op.BRowStride;
            for (int j = 0; j < n; j++)
            {
                float* column = b + j;
                float* destination = bt + ((nint)j * k);
                for (int p = 0; p < k; p++)
                {
                    destination[p] = column[p * ldb];
                }
            }
        }

        int w = TOps.Width;
        for (int i = rowStart; i < rowEnd; i += 4)
        {
            int rows = Math.Min(4, rowEnd - i);
            float* a0 = op.A + (i * op.ARowStride);
            float* a1 = op.A + ((i + Math.Min(1, rows - 1)) * op.ARowStride);
            float* a2 = op.A + ((i + Math.Min(2, rows - 1)) * op.ARowStride);
            float* a3 = op.A + ((i + Math.Min(3, rows - 1)) * op.ARowStride);
            float* cRow = op.C + ((nint)i * n);
            for (int j = 0; j < n; j++)
            {
                float* bj = bt + (j * btStride);
                TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                int p = 0;
                for (; p <= k - w; p += w)
                {
                    TVec bv = TOps.Load(bj + p);
                    s0 = TOps.MultiplyAdd(TOps.Load(a0 + p), bv, s0);
                    s1 = TOps.MultiplyAdd(TOps.Load(a1 + p), bv, s1);
                    s2 = TOps.MultiplyAdd(TOps.Load(a2 + p), bv, s2);
                    s3 = TOps.MultiplyAdd(TOps.Load(a3 + p), bv, s3);
                }

                float d0 = TOps.Sum(s0), d1 = TOps.Sum(s1), d2 = TOps.Sum(s2), d3 = TOps.Sum(s3);
                for (; p < k; p++)
                {
                    float bp = bj[p];
                    d0 = TOps.MultiplyAddScalar(a0[p], bp, d0);
                    d1 = TOps.MultiplyAddScalar(a1[p], bp, d1);
                    d2 = TOps.MultiplyAddScalar(a2[p], bp, d2);
                    d3 = TOps.MultiplyAddScalar(a3[p], bp, d3);
                }

                Write(cRow + j, d0, op.Accumulate);
                if (rows > 1)
                {
                    Write(cRow + n + j, d1, op.Accumulate);
                }

                if (rows > 2)
                {
                    Write(cRow + (2 * n) + j, d2, op.Accumulate);
                }

                if (rows > 3)
                {
                    Write(cRow + (3 * n) + j, d3, op.Accumulate);
                }
            }
        }
    }

    /// <summary>c(i, j) = Σ_p a(i, p)·b(p, j) swept over rows; needs contiguous columns of op(A) (ARowStride = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunSweep<TOps, TVec>(in GemmOperands op, int rowStart, int rowEnd)
        where TOps : ISimdOps<TVec>
        where TVec : unmanaged
    {
        int w = TOps.Width;
        int k = op.K;
        int n = op.N;
        nint lda = op.AColStride;
        TVec* lanes = stackalloc TVec[SweepRegisters];
        float* laneValues = (float*)lanes;
        int i = rowStart;
        for (; i <= rowEnd - (SweepRegisters * w); i += SweepRegisters * w)
        {
            for (int j = 0; j < n; j++)
            {
                float* ap = op.A + i;
                float* bp = op.B + (j * op.BColStride);
                TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                for (int p = 0; p < k; p++)
                {
                    TVec x = TOps.Broadcast(*bp);
                    s0 = TOps.MultiplyAdd(TOps.Load(ap), x, s0);
                    s1 = TOps.MultiplyAdd(TOps.Load(ap + w), x, s1);
                    s2 = TOps.MultiplyAdd(TOps.Load(ap + (2 * w)), x, s2);
                    s3 = TOps.MultiplyAdd(TOps.Load(ap + (3 * w)), x, s3);
                    ap += lda;
                    bp += op.BRowStride;
                }

                lanes[0] = s0;
                lanes[1] = s1;
                lanes[2] = s2;
                lanes[3] = s3;
                WriteColumn(op, i, j, laneValues, SweepRegisters * w);
            }
        }

        for (; i <= rowEnd - w; i += w)
        {
            for (int j = 0; j < n; j++)
            {
                float* ap = op.A + i;
                float* bp = op.B + (j * op.BColStride);
                TVec s0 = TOps.Zero;
                for (int p = 0; p < k; p++)
                {
                    s0 = TOps.MultiplyAdd(TOps.Load(ap), TOps.Broadcast(*bp), s0);
                    ap += lda;
                    bp += op.BRowStride;
                }

                lanes[0] = s0;
                WriteColumn(op, i, j, laneValues, w);
            }
        }

        // Fewer rows than a register: four scalar chains at a time, so their multiply-add latencies overlap.
        nint ldb = op.BRowStride;
        for (; i < rowEnd; i += 4)
        {
            int rows = Math.Min(4, rowEnd - i);
            float* a0 = op.A + i;
            float* a1 = a0 + Math.Min(1, rows - 1);
            float* a2 = a0 + Math.Min(2, rows - 1);
            float* a3 = a0 + Math.Min(3, rows - 1);
            for (int j = 0; j < n; j++)
            {
                float* bp = op.B + (j * op.BColStride);
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                nint index = 0;
                for (int p = 0; p < k; p++)
                {
                    float x = *bp;
                    s0 = TOps.MultiplyAddScalar(a0[index], x, s0);
                    s1 = TOps.MultiplyAddScalar(a1[index], x, s1);
                    s2 = TOps.MultiplyAddScalar(a2[index], x, s2);
                    s3 = TOps.MultiplyAddScalar(a3[index], x, s3);
                    index += lda;
                    bp += ldb;
                }

                float* c = op.C + ((nint)i * n) + j;
                Write(c, s0, op.Accumulate);
                if (rows > 1)
                {
                    Write(c + n, s1, op.Accumulate);
                }

                if (rows > 2)
                {
                    Write(c + (2 * n), s2, op.Accumulate);
                }

                if (rows > 3)
                {
                    Write(c + (3 * n), s3, op.Accumulate);
                }
            }
        }
    }

    private static void WriteColumn(in GemmOperands op, int rowStart, int j, float* values, int count)
    {
        float* c = op.C + ((nint)rowStart * op.N) + j;
        for (int r = 0; r < count; r++)
        {
            Write(c + ((nint)r * op.N), values[r], op.Accumulate);
        }
    }

    private static void Write(float* c, float value, bool accumulate) => *c = accumulate ? *c + value : value;
}
