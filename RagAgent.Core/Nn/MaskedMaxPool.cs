namespace RagAgent.Core.Nn;

/// <summary>
/// Feature-wise maximum over the real nodes of each batch row: <c>[batch, nodes, features] → [batch, features]</c>.
/// A row whose nodes are all padding gives zeros (not −∞) and passes no gradient. The backward pass routes each
/// gradient to the node that held the maximum (the first one on ties).
/// </summary>
internal static class MaskedMaxPool
{
    /// <summary>y[b, f] = max_{n real} x[b, n, f]; records the winning node in <paramref name="argMax"/> (−1 if none).</summary>
    /// <param name="x">[batch, nodes, features]</param>
    /// <param name="mask">[batch, nodes], <c>true</c> = real node.</param>
    /// <param name="y">[batch, features]</param>
    /// <param name="argMax">[batch, features]: receives the node index of each maximum, or −1.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="nodes">Nodes per row.</param>
    /// <param name="features">Features per node.</param>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<bool> mask, Span<float> y, Span<int> argMax, int batch, int nodes, int features)
    {
        MaskedMeanPool.Check(x.Length, mask.Length, y.Length, batch, nodes, features);
        Shapes.Require(argMax.Length, batch, features, nameof(argMax), "batch, features");
        for (int b = 0; b < batch; b++)
        {
            Span<float> target = y.Slice(b * features, features);
            Span<int> winners = argMax.Slice(b * features, features);
            target.Clear();
            winners.Fill(-1);
            for (int n = 0; n < nodes; n++)
            {
                if (!mask[(b * nodes) + n])
                {
                    continue;
                }

                ReadOnlySpan<float> row = x.Slice(((b * nodes) + n) * features, features);
                for (int f = 0; f < features; f++)
                {
                    if (winners[f] < 0 || row[f] > target[f])
                    {
                        target[f] = row[f];
                        winners[f] = n;
                    }
                }
            }
        }
    }

    /// <summary>dx[b, argMax[b, f], f] += dy[b, f]; when not accumulating, dx is cleared first.</summary>
    /// <param name="dy">[batch, features]</param>
    /// <param name="argMax">[batch, features] from <see cref="Forward"/>.</param>
    /// <param name="dx">[batch, nodes, features]</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="nodes">Nodes per row.</param>
    /// <param name="features">Features per node.</param>
    /// <param name="accumulate">Add instead of overwriting.</param>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argMax, Span<float> dx, int batch, int nodes, int features, bool accumulate = false)
    {
        Shapes.Require(dy.Length, batch, features, nameof(dy), "batch, features");
        Shapes.Require(argMax.Length, batch, features, nameof(argMax), "batch, features");
        Shapes.Require(dx.Length, batch * nodes, features, nameof(dx), "batch * nodes, features");
        if (!accumulate)
        {
            dx[..(batch * nodes * features)].Clear();
        }

        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < features; f++)
            {
                int n = argMax[(b * features) + f];
                if (n >= 0)
                {
                    dx[(((b * nodes) + n) * features) + f] += dy[(b * features) + f];
                }
            }
        }
    }
}
