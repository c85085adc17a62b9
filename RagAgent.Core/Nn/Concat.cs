using System.Numerics.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>
/// Concatenation along the feature axis: a part <c>[rows, partWidth]</c> is written into the columns
/// <c>[offset, offset + partWidth)</c> of an output <c>[rows, outputWidth]</c>. The broadcast forms repeat one part
/// row for <c>repeats</c> consecutive output rows (a per-batch context attached to each of its nodes).
/// </summary>
internal static class Concat
{
    /// <summary>output[r, offset..offset+w) = part[r, ..].</summary>
    /// <param name="part">[rows, partWidth]</param>
    /// <param name="partWidth">Width of the part.</param>
    /// <param name="output">[rows, outputWidth]</param>
    /// <param name="outputWidth">Width of the output.</param>
    /// <param name="offset">First output column of the part.</param>
    /// <param name="rows">Rows.</param>
    public static void Forward(ReadOnlySpan<float> part, int partWidth, Span<float> output, int outputWidth, int offset, int rows) =>
        ForwardBroadcast(part, partWidth, output, outputWidth, offset, rows, 1);

    /// <summary>partGradients[r, ..] (+)= outputGradients[r, offset..offset+w).</summary>
    /// <param name="outputGradients">[rows, outputWidth]</param>
    /// <param name="outputWidth">Width of the output.</param>
    /// <param name="offset">First output column of the part.</param>
    /// <param name="partGradients">[rows, partWidth]</param>
    /// <param name="partWidth">Width of the part.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="accumulate">Add instead of overwriting.</param>
    public static void Backward(ReadOnlySpan<float> outputGradients, int outputWidth, int offset, Span<float> partGradients, int partWidth, int rows, bool accumulate = false) =>
        BackwardBroadcast(outputGradients, outputWidth, offset, partGradients, partWidth, rows, 1, accumulate);

    /// <summary>output[r·repeats + j, offset..offset+w) = part[r, ..] for j in [0, repeats).</summary>
    /// <param name="part">[rows, partWidth]</param>
    /// <param name="partWidth">Width of the part.</param>
    /// <param name="output">[rows · repeats, outputWidth]</param>
    /// <param name="outputWidth">Width of the output.</param>
    /// <param name="offset">First output column of the part.</param>
    /// <param name="rows">Part rows.</param>
    /// <param name="repeats">Output rows per part row.</param>
    public static void ForwardBroadcast(ReadOnlySpan<float> part, int partWidth, Span<float> output, int outputWidth, int offset, int rows, int repeats)
    {
        Check(partWidth, outputWidth, offset);
        Shapes.Require(part.Length, rows, partWidth, nameof(part), "rows, partWidth");
        Shapes.Require(output.Length, rows * repeats, outputWidth, nameof(output), "rows * repeats, outputWidth");
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> source = part.Slice(r * partWidth, partWidth);
            for (int j = 0; j < repeats; j++)
            {
                source.CopyTo(output.Slice((((r * repeats) + j) * outputWidth) + offset, partWidth));
            }
        }
    }

    /// <summary>partGradients[r, ..] (+)= Σ_j outputGradients[r·repeats + j, offset..offset+w).</summary>
    /// <param name="outputGradients">[rows · repeats, outputWidth]</param>
    /// <param name="outputWidth">Width of the output.</param>
    /// <param name="offset">First output column of the part.</param>
    /// <param name="partGradients">[rows, partWidth]</param>
    /// <param name="partWidth">Width of the part.</param>
    /// <param name="rows">Part rows.</param>
    /// <param name="repeats">Output rows per part row.</param>
    /// <param name="accumulate">Add instead of overwriting.</param>
    public static void BackwardBroadcast(ReadOnlySpan<float> outputGradients, int outputWidth, int offset, Span<float> partGradients, int partWidth, int rows, int repeats, bool accumulate = false)
    {
        Check(partWidth, outputWidth, offset);
        Shapes.Require(outputGradients.Length, rows * repeats, outputWidth, nameof(outputGradients), "rows * repeats, outputWidth");
        Shapes.Require(partGradients.Length, rows, partWidth, nameof(partGradients), "rows, partWidth");
        for (int r = 0; r < rows; r++)
        {
            Span<float> target = partGradients.Slice(r * partWidth, partWidth);
            if (!accumulate)
            {
                target.Clear();
            }

            for (int j = 0; j < repeats; j++)
            {
                TensorPrimitives.Add(target, outputGradients.Slice((((r * repeats) + j) * outputWidth) + offset, partWidth), target);
            }
        }
    }

    private static void Check(int partWidth, int outputWidth, int offset)
    {
        if (partWidth < 0 || offset < 0 || offset + partWidth > outputWidth)
        {
            throw new ArgumentException($"Part columns [{offset}, {offset + partWidth}) do not fit in an output of width {outputWidth}.", nameof(offset));
        }
    }
}
