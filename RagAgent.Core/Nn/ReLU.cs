using System.Numerics.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>Element-wise rectifier max(x, 0).</summary>
internal static class ReLU
{
    /// <summary>y = max(x, 0); <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    /// <param name="x">[n]</param>
    /// <param name="y">[n]</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        Shapes.Require(y.Length, 1, x.Length, nameof(y), "n");
        TensorPrimitives.Max(x, 0f, y[..x.Length]);
    }

    /// <summary>dx = dy where y &gt; 0, else 0, from the forward output y; <paramref name="dx"/> may alias <paramref name="dy"/>.</summary>
    /// <param name="y">[n]: the forward output.</param>
    /// <param name="dy">[n]: ∂L/∂y.</param>
    /// <param name="dx">[n]: receives ∂L/∂x.</param>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Shapes.Require(dy.Length, 1, y.Length, nameof(dy), "n");
        Shapes.Require(dx.Length, 1, y.Length, nameof(dx), "n");
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
