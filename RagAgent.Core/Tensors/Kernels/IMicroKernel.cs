namespace RagAgent.Core.Tensors.Kernels;

/// <summary>A register-blocked tile kernel: one <see cref="Rows"/> × <see cref="Columns"/> tile of C held in
/// registers while it loops over the depth.</summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of the C tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the C tile (NR); also the width of a packed B panel.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// tile = (loadC ? tile : 0) + Σ_p a(r, p)·b[p, :] for p in [0, depth). Rows at or past
    /// <paramref name="rows"/> repeat the last valid row of A; the caller ignores them.
    /// </summary>
    /// <param name="a">a(r, p) = <c>a[r·aRowStride + p·aColStride]</c>.</param>
    /// <param name="aRowStride">Floats between rows of A.</param>
    /// <param name="aColStride">Floats between columns of A.</param>
    /// <param name="rows">Valid rows of the tile (1 to <see cref="Rows"/>).</param>
    /// <param name="b">[depth, Columns] with row stride <paramref name="bStride"/>: a packed panel (zero-padded past
    /// the valid columns) or B itself when its rows are contiguous.</param>
    /// <param name="bStride">Floats between rows of <paramref name="b"/>.</param>
    /// <param name="depth">Length of the summed dimension in this block.</param>
    /// <param name="c">The tile: [Rows, Columns] with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Floats between rows of the tile.</param>
    /// <param name="loadC">Start from the tile's values (accumulate) instead of zero.</param>
    static abstract void Run(float* a, nint aRowStride, nint aColStride, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool loadC);
}
