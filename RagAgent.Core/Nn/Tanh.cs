using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace RagAgent.Core.Nn;

/// <summary>Element-wise hyperbolic tangent, the usual PPO hidden activation.</summary>
internal static class Tanh
{
    /// <summary>y = tanh(x); <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    /// <param name="x">[n]</param>
    /// <param name="y">[n]</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Shapes.Require(y.Length, 1, x.Length, nameof(y), "n");
        TensorPrimitives.Tanh(x, y[..x.Length]);
    }

    /// <summary>dx = dy · (1 − y²), from the forward output y; <paramref name="dx"/> may alias <paramref name="dy"/>.</summary>
    /// <param name="y">[n]: the forward output.</param>
    /// <param name="dy">[n]: ∂L/∂y.</param>
    /// <param name="dx">[n]: receives ∂L/∂x.</param>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Shapes.Require(dy.Length, 1, y.Length, nameof(dy), "n");
        Shapes.Require(dx.Length, 1, y.Length, nameof(dx), "n");
        int n = y.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            ReadOnlySpan<Vector<float>> dyv = MemoryMarshal.Cast<float, Vector<float>>(dy[..n]);
            Span<Vector<float>> dxv = MemoryMarshal.Cast<float, Vector<float>>(dx[..n]);
            for (int v = 0; v < yv.Length; v++)
            {
                dxv[v] = dyv[v] * (Vector<float>.One - (yv[v] * yv[v]));
            }

            i = yv.Length * Vector<float>.Count;
        }

        for (; i < n; i++)
        {
            dx[i] = dy[i] * (1f - (y[i] * y[i]));
        }
    }
}
