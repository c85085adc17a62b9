using System.Numerics.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>
/// Mean over the real nodes of each batch row: <c>[batch, nodes, features] → [batch, features]</c>, skipping padding
/// nodes. A row whose nodes are all padding gives zeros (not NaN) and passes no gradient.
/// </summary>
internal static class MaskedMeanPool
{
    /// <summary>y[b] = Σ_{n real} x[b, n] / count_b, or 0 when count_b = 0.</summary>
    /// <param name="x">[batch, nodes, features]</param>
    /// <param name="mask">[batch, nodes], <c>true</c> = real node.</param>
    /// <param name="y">[batch, features]</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="nodes">Nodes per row.</param>
    /// <param name="features">Features per node.</param>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<bool> mask, Span<float> y, int batch, int nodes, int features)
    {
        Check(x.Length, mask.Length, y.Length, batch, nodes, features);
        for (int b = 0; b < batch; b++)
        {
            Span<float> target = y.Slice(b * features, features);
            target.Clear();
            int count = 0;
            for (int n = 0; n < nodes; n++)
            {
                if (mask[(b * nodes) + n])
                {
                    TensorPrimitives.Add(target, x.Slice(((b * nodes) + n) * features, features), target);
                    count++;
                }
            }

            if (count > 1)
            {
                TensorPrimitives.Multiply(target, 1f / count, target);
            }
        }
    }

    /// <summary>dx[b, n] (+)= dy[b] / count_b for real nodes; padding nodes get 0 (or are left unchanged when accumulating).</summary>
    /// <param name="dy">[batch, features]</param>
    /// <param name="mask">[batch, nodes], <c>true</c> = real node.</param>
    /// <param name="dx">[batch, nodes, features]</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="nodes">Nodes per row.</param>
    /// <param name="features">Features per node.</param>
    /// <param name="accumulate">Add instead of overwriting.</param>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<bool> mask, Span<float> dx, int batch, int nodes, int features, bool accumulate = false)
    {
        Check(dx.Length, mask.Length, dy.Length, batch, nodes, features);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<bool> rowMask = mask.Slice(b * nodes, nodes);
            int count = 0;
            foreach (bool real in rowMask)
            {
                count += real ? 1 : 0;
            }

            float scale = count > 0 ? 1f / count : 0f;
            ReadOnlySpan<float> source = dy.Slice(b * features, features);
            for (int n = 0; n < nodes; n++)
            {
                Span<float> target = dx.Slice(((b * nodes) + n) * features, features);
                if (rowMask[n])
                {
                    if (accumulate)
                    {
                        TensorPrimitives.MultiplyAdd(source, scale, target, target);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(source, scale, target);
                    }
                }
                else if (!accumulate)
                {
                    target.Clear();
                }
            }
        }
    }

    internal static void Check(int xLength, int maskLength, int yLength, int batch, int nodes, int features)
    {
        Shapes.Require(xLength, batch * nodes, features, "x", "batch * nodes, features");
        Shapes.Require(maskLength, batch, nodes, "mask", "batch, nodes");
        Shapes.Require(yLength, batch, features, "y", "batch, features");
    }
}
