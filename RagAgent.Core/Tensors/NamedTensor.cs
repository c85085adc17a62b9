namespace RagAgent.Core.Tensors;

/// <summary>A named float32 tensor: the unit of weights and optimizer state in checkpoints.</summary>
/// <param name="Name">Dotted name, for example <c>actor.0.weight</c>.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">Row-major values; length is the product of <paramref name="Shape"/>.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>Product of the dimensions.</summary>
    public int ElementCount
    {
        get
        {
            int n = 1;
            foreach (int d in Shape)
            {
                n *= d;
            }

            return n;
        }
    }
}
