namespace RagAgent.Core.Nn;

/// <summary>
/// A trainable float32 tensor with its gradient buffer. Both buffers are row-major, allocated once and reused:
/// layers read <see cref="Value"/> and accumulate into <see cref="Grad"/>; optimizers update <see cref="Value"/>.
/// </summary>
public sealed class Parameter
{
    private readonly int[] _shape;

    /// <summary>Creates a zero-valued parameter.</summary>
    /// <param name="name">Dotted, PyTorch-like name, for example <c>actor.0.weight</c>.</param>
    /// <param name="shape">Dimensions, outermost first; each must be positive.</param>
    public Parameter(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 1))
        {
            throw new ArgumentException($"Parameter '{name}' needs a non-empty shape of positive dimensions, got [{string.Join(", ", shape)}].", nameof(shape));
        }

        Name = name;
        _shape = (int[])shape.Clone();
        long length = 1;
        foreach (int d in shape)
        {
            length *= d;
            if (length > Array.MaxLength)
            {
                throw new ArgumentException(
                    $"Parameter '{name}' of shape [{string.Join(", ", shape)}] holds more than {Array.MaxLength} values, more than an array can; choose smaller sizes.",
                    nameof(shape));
            }
        }

        Value = new float[length];
        Grad = new float[length];
    }

    /// <summary>Dotted name, unique within its <see cref="ParameterCollection"/>.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first (a copy).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>Number of elements (product of the dimensions).</summary>
    public int Length => Value.Length;

    /// <summary>Values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>Gradient of the loss with respect to <see cref="Value"/>, same layout; backward passes add to it.</summary>
    public float[] Grad { get; }

    /// <summary>Shape as text, for example <c>[64, 4]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>True when <paramref name="shape"/> equals this parameter's shape.</summary>
    /// <param name="shape">[rank]: the dimensions to compare, outermost first.</param>
    public bool HasShape(ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    /// <summary>Sets every gradient entry to zero.</summary>
    public void ZeroGrad() => Array.Clear(Grad);

    internal static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
