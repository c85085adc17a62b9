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

    public static void Run<TKernel>(in GemmOperands op, int rowStart, int rowEnd)
        where TKernel : IMicroKernel
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        int kcMax = Math.Min(op.K, DepthBlock);
        int ncMax = Math.Min(op.N, ColumnBlock);
        float* packedB = GemmScratch.Rent(kcMax * RoundUp(ncMax, nr));
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
                PackB(op, pc, kc, jc, nc, nr, packedB);
                for (int ic = rowStart; ic < rowEnd; ic += RowBlock)
                {
                    int icEnd = Math.Min(ic + RowBlock, rowEnd);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        float* panel = packedB + ((nint)jr * kc);
                        int cols = Math.Min(nr, nc - jr);
                        for (int ir = ic; ir < icEnd; ir += mr)
                        {
                            int rows = Math.Min(mr, icEnd - ir);
                            float* aTile = op.A + (ir * op.ARowStride) + (pc * op.AColStride);
                            float* cTile = op.C + (ir * ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(aTile, op.ARowStride, op.AColStride, rows, panel, kc, cTile, ldc, loadC);
                            }
                            else
                            {
                                RunEdgeTile<TKernel>(op, aTile, rows, cols, panel, kc, cTile, tile, loadC);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>A tile cut by the edge of C: computed in a full-size scratch tile, then its valid part copied.</summary>
    private static void RunEdgeTile<TKernel>(in GemmOperands op, float* aTile, int rows, int cols, float* panel, int kc, float* cTile, float* tile, bool loadC)
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

        TKernel.Run(aTile, op.ARowStride, op.AColStride, rows, panel, kc, tile, nr, loadC);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(cTile + (r * ldc), cols));
        }
    }

    /// <summary>packed[panel][p, c] = b(pc + p, jc + panel·nr + c), zero past the last column.</summary>
    private static void PackB(in GemmOperands op, int pc, int kc, int jc, int nc, int nr, float* packed)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            float* panel = packed + ((nint)jr * kc);
            int cols = Math.Min(nr, nc - jr);
            float* source = op.B + (pc * op.BRowStride) + ((jc + jr) * op.BColStride);
            if (op.BColStride == 1)
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
                if (cols < nr)
                {
                    new Span<float>(panel, kc * nr).Clear();
                }

                for (int col = 0; col < cols; col++)
                {
                    float* column = source + (col * op.BColStride);
                    float* destination = panel + col;
                    for (int p = 0; p < kc; p++)
                    {
                        destination[(nint)p * nr] = column[p * op.BRowStride];
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
