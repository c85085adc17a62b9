namespace RagAgent.Core.Tensors.Kernels;

/// <summary>
/// One product C (+)= op(A)·op(B) described by raw pointers and strides, so every form runs through one set of
/// kernels: a(i, p) = <c>A[i·ARowStride + p·AColStride]</c>, b(p, j) = <c>B[p·BRowStride + j·BColStride]</c>,
/// c(i, j) = <c>C[i·N + j]</c>. The pointers are only valid while the public call that pinned them runs.
/// </summary>
internal readonly unsafe struct GemmOperands
{
    public GemmOperands(float* a, nint aRowStride, nint aColStride, float* b, nint bRowStride, nint bColStride, float* c, int m, int k, int n, bool accumulate)
    {
        A = a;
        ARowStride = aRowStride;
        AColStride = aColStride;
        B = b;
        BRowStride = bRowStride;
        BColStride = bColStride;
        C = c;
        M = m;
        K = k;
        N = n;
        Accumulate = accumulate;
    }

    public float* A { get; }

    public nint ARowStride { get; }

    public nint AColStride { get; }

    public float* B { get; }

    public nint BRowStride { get; }

    public nint BColStride { get; }

    public float* C { get; }

    public int M { get; }

    public int K { get; }

    public int N { get; }

    /// <summary>Add to C instead of overwriting it.</summary>
    public bool Accumulate { get; }

    /// <summary>Rows of op(A) are contiguous (A·B and A·Bᵀ); otherwise its columns are (Aᵀ·B).</summary>
    public bool ARowsContiguous => AColStride == 1 && ARowStride != 1;
}
