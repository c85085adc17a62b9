using System.Numerics.Tensors;
using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Embeddings;

/// <summary>
/// A lookup table of learned vectors, <c>{name}.weight</c> <c>[count, size]</c> (PyTorch's <c>nn.Embedding</c>):
/// row <c>i</c> is the vector of id <c>i</c>. Rows can be skipped with a row mask (padding nodes), in which case the
/// output row is left zero (or unchanged when accumulating) and no id is read.
/// </summary>
/// <remarks>
/// The backward pass adds gradients only into the rows that were looked up; the gradient buffer itself is dense
/// and zeroed and updated densely by the optimizer (PyTorch's default <c>sparse=False</c> behaviour: with Adam, rows
/// not looked up still move while their moments decay). Dense is cheap at the vocabulary sizes of this library.
/// </remarks>
internal sealed class Embedding
{
    /// <summary>Registers <c>{name}.weight</c> <c>[count, size]</c> (zero).</summary>
    public Embedding(ParameterCollection parameters, string name, int count, int size)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Count = count;
        Size = size;
        Weight = parameters.Add(name + ".weight", count, size);
    }

    /// <summary>Number of ids; valid ids lie in [0, Count).</summary>
    public int Count { get; }

    /// <summary>Vector width.</summary>
    public int Size { get; }

    /// <summary>The table, <c>[count, size]</c>.</summary>
    public Parameter Weight { get; }

    /// <summary>Fills the table with N(0, <paramref name="std"/>²) draws (PyTorch's default uses std 1).</summary>
    public void InitializeNormal(EnvRandom random, float std) => Initializers.Normal(Weight.Value, std, random);

    /// <summary>output[r] (+)= weight[ids[r]] for each row r whose <paramref name="rowMask"/> entry is true.</summary>
    /// <param name="ids">[rows], each in [0, Count) where the row is used.</param>
    /// <param name="output">[rows, size]</param>
    /// <param name="rows">Rows.</param>
    /// <param name="rowMask">[rows], <c>true</c> = look up; empty = every row. Skipped rows are zeroed (or left unchanged when accumulating).</param>
    /// <param name="accumulate">Add to <paramref name="output"/> instead of overwriting.</param>
    /// <exception cref="ArgumentException">An id of a used row is out of range.</exception>
    public void Forward(ReadOnlySpan<int> ids, Span<float> output, int rows, ReadOnlySpan<bool> rowMask = default, bool accumulate = false)
    {
        CheckShapes(ids.Length, output.Length, rowMask, rows, nameof(output));
        ReadOnlySpan<float> table = Weight.Value;
        for (int r = 0; r < rows; r++)
        {
            Span<float> target = output.Slice(r * Size, Size);
            if (!rowMask.IsEmpty && !rowMask[r])
            {
                if (!accumulate)
                {
                    target.Clear();
                }

                continue;
            }

            int id = ids[r];
            if ((uint)id >= (uint)Count)
            {
                ThrowBadId(r, id, nameof(ids));
            }

            ReadOnlySpan<float> vector = table.Slice(id * Size, Size);
            if (accumulate)
            {
                TensorPrimitives.Add(target, vector, target);
            }
            else
            {
                vector.CopyTo(target);
            }
        }
    }

    /// <summary>weight.Grad[ids[r]] += outputGradients[r] for each used row.</summary>
    /// <param name="ids">[rows]: the ids of the matching <see cref="Forward"/>.</param>
    /// <param name="outputGradients">[rows, size]</param>
    /// <param name="rows">Rows.</param>
    /// <param name="rowMask">[rows], the mask of the matching <see cref="Forward"/>; empty = every row.</param>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> outputGradients, int rows, ReadOnlySpan<bool> rowMask = default)
    {
        CheckShapes(ids.Length, outputGradients.Length, rowMask, rows, nameof(outputGradients));
        Span<float> grad = Weight.Grad;
        for (int r = 0; r < rows; r++)
        {
            if (!rowMask.IsEmpty && !rowMask[r])
            {
                continue;
            }

            int id = ids[r];
            if ((uint)id >= (uint)Count)
            {
                ThrowBadId(r, id, nameof(ids));
            }

            Span<float> target = grad.Slice(id * Size, Size);
            TensorPrimitives.Add(target, outputGradients.Slice(r * Size, Size), target);
        }
    }

    private void CheckShapes(int idsLength, int bufferLength, ReadOnlySpan<bool> rowMask, int rows, string bufferName)
    {
        Shapes.RequireNonNegative(rows, nameof(rows));
        Shapes.Require(idsLength, rows, 1, "ids", "rows");
        Shapes.Require(bufferLength, rows, Size, bufferName, "rows, size");
        if (!rowMask.IsEmpty)
        {
            Shapes.Require(rowMask.Length, rows, 1, nameof(rowMask), "rows");
        }
    }

    private void ThrowBadId(int row, int id, string paramName) =>
        throw new ArgumentException($"{paramName}[{row}] = {id} is outside [0, {Count}) of embedding '{Weight.Name}'.", paramName);
}
