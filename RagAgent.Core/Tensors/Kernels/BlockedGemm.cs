using System.Runtime.CompilerServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>
/// Cache-blocked product for n ≥ <see cref="NarrowGemm.MaxColumns"/> + 1. B is packed, a depth block at a time,
/// into panels of <c>TKernel.Columns</c> contiguous columns (zero-padded), so the kernel streams it linearly and one
/// panel stays in L1 while the kernel sweeps a block of rows; A is read in place through its strides.
/// Every c(i, j) is computed by the same sequence of multiply-adds whatever the row range, which keeps a row-split
/// parallel run bit-identical to the single-threaded one.
/// </summary>
internal static unsafe class BlockedGemm
{
    /// <summary>Depth of a packed B block (kc): one panel of 32 columns is 32 KB, within L1.</summary>
    private const int DepthBlock = 256;

    /// <summary>Rows swept per packed panel (mc).</summary>
    private const int RowBlock = 128;

    /// <summary>Columns packed at once (nc): a full block is 512 KB, within L2.</summary>
    private const int ColumnBlock = 512;

    /// <summary>Products with at most this many rows read contiguous rows of B in place: packing would cost about as
    /// much as the product.</summary>
    public const int DirectBMaxRows = 16;

    /// <summary>Computes rows [rowStart, rowEnd) of C.</summary>
    /// <typeparam name="TKernel">The main tile kernel.</typeparam>
    /// <typeparam name="THalfKernel">A kernel with the same columns and fewer rows, for edge tiles it covers.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel, THalfKernel>(in GemmOperands op, int rowStart, int rowEnd)
        where TKernel : IMicroKernel
        where THalfKernel : IMicroKernel
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        int kcMax = Math.Min(op.K, DepthBlock);
        int ncMax = Math.Min(op.N, ColumnBlock);
        bool directB = op.BColStride == 1 && op.M <= DirectBMaxRows;
        float* packedB = GemmScratch.Rent(kcMax * RoundUp(directB ? nr : ncMax, nr));
        float* tile = stackalloc float[mr * nr];
        new Span<float>(tile, mr * nr).Clear();
        nint ldc = op.N;

        for (int jc = 0; jc < op.N; jc += ColumnBlock)
        {
            int nc = Math.Min(ColumnBlock, op.N - jc);
            for (int pc = 0; pc < op.K; pc += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, op.K - pc);
                bool loadC = op.Accumulate || pc > 0;
                if (!directB)
                {
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        PackPanel<TKernel>(op, pc, kc, jc + jr, Math.Min(nr, nc - jr), nr, packedB + ((nint)jr * kc));
                    }
                }

                for (int ic = rowStart; ic < rowEnd; ic += RowBlock)
                {
                    int icEnd = Math.Min(ic + RowBlock, rowEnd);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* panel = packedB + ((nint)jr * kc);
                        nint bStride = nr;
                        if (directB && cols == nr)
                        {
                            panel = op.B + (pc * op.BRowStride) + jc + jr;
                            bStride = op.BRowStride;
                        }
                        else if (directB)
                        {
                            panel = packedB;
                            PackPanel<TKernel>(op, pc, kc, jc + jr, cols, nr, panel);
                        }

                        for (int ir = ic; ir < icEnd; ir += mr)
                        {
                            int rows = Math.Min(mr, icEnd - ir);
                            float* aTile = op.A + (ir * op.ARowStride) + (pc * op.AColStride);
                            float* cTile = op.C + (ir * ldc) + jc + jr;
                            if (cols < nr)
                            {
                                RunEdgeTile<TKernel>(op, aTile, rows, cols, panel, bStride, kc, cTile, tile, loadC);
                            }
                            else if (rows == mr)
                            {
                                TKernel.Run(aTile, op.ARowStride, op.AColStride, rows, panel, bStride, kc, cTile, ldc, loadC);
                            }
                            else if (rows == THalfKernel.Rows)
                            {
                                THalfKernel.Run(aTile, op.ARowStride, op.AColStride, rows, panel, bStride, kc, cTile, ldc, loadC);
                            }
                            else
                            {
                                RunEdgeTile<TKernel>(op, aTile, rows, cols, panel, bStride, kc, cTile, tile, loadC);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>A tile cut by the edge of C: computed in a full-size scratch tile, then its valid part copied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunEdgeTile<TKernel>(in GemmOperands op, float* aTile, int rows, int cols, float* panel, nint bStride, int kc, float* cTile, float* tile, bool loadC)
        where TKernel : IMicroKernel
    {
        int nr = TKernel.Columns;
        nint ldc = op.N;
        if (loadC)
        {
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(cTile + (r * ldc), cols).CopyTo(new Span<float>(tile + (r * nr), cols));
            }
        }

        TKernel.Run(aTile, op.ARowStride, op.AColStride, rows, panel, bStride, kc, tile, nr, loadC);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(cTile + (r * ldc), cols));
        }
    }

    /// <summary>panel[p, c] = b(pc + p, j0 + c) for c &lt; cols, zero for the padding columns up to nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanel<TKernel>(in GemmOperands op, int pc, int kc, int j0, int cols, int nr, float* panel)
        where TKernel : IMicroKernel
    {
        float* source = op.B + (pc * op.BRowStride) + (j0 * op.BColStride);
        if (op.BColStride == 1 && cols == TKernel.Columns)
        {
            // A constant-size copy: the JIT unrolls it into a few vector moves.
            uint rowBytes = (uint)(TKernel.Columns * sizeof(float));
            for (int p = 0; p < kc; p++)
            {
                Unsafe.CopyBlockUnaligned(panel + ((nint)p * nr), source + (p * op.BRowStride), rowBytes);
            }
        }
        else if (op.BColStride == 1)
        {
            for (int p = 0; p < kc; p++)
            {
                float* row = source + (p * op.BRowStride);
                new ReadOnlySpan<float>(row, cols).CopyTo(new Span<float>(panel + ((nint)p * nr), cols));
                if (cols < nr)
                {
                    new Span<float>(panel + ((nint)p * nr) + cols, nr - cols).Clear();
                }
            }
        }
        else
        {
            PackTransposedPanel(source, op.BRowStride, op.BColStride, kc, cols, nr, panel);
        }
    }

    /// <summary>Packs a panel whose source columns are contiguous (b(p, j) = B[j·k + p], the A·Bᵀ form): eight source
    /// columns are read side by side so each packed row is written in runs of eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedPanel(float* source, nint rowStride, nint colStride, int kc, int cols, int nr, float* panel)
    {
        int col = 0;
        for (; col <= cols - 8; col += 8)
        {
            float* s0 = source + (col * colStride);
            float* s1 = s0 + colStride;
            float* s2 = s1 + colStride;
            float* s3 = s2 + colStride;
            float* s4 = s3 + colStride;
            float* s5 = s4 + colStride;
            float* s6 = s5 + colStride;
            float* s7 = s6 + colStride;
            float* destination = panel + col;
            nint index = 0;
            for (int p = 0; p < kc; p++)
            {
                destination[0] = s0[index];
                destination[1] = s1[index];
                destination[2] = s2[index];
                destination[3] = s3[index];
                destination[4] = s4[index];
                destination[5] = s5[index];
                destination[6] = s6[index];
                destination[7] = s7[index];
                destination += nr;
                index += rowStride;
            }
        }

        for (; col < nr; col++)
        {
            float* column = source + (col * colStride);
            float* destination = panel + col;
            for (int p = 0; p < kc; p++)
            {
                destination[(nint)p * nr] = col < cols ? column[p * rowStride] : 0f;
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
