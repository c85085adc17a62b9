using RagAgent.Core.Policies;

namespace RagAgent.Core.Nn;

/// <summary>Dispatch from <see cref="Activation"/> to its forward and backward functions.</summary>
internal static class ActivationFunctions
{
    /// <summary>y = f(x); <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    /// <param name="activation">The function f.</param>
    /// <param name="x">[n]</param>
    /// <param name="y">[n] output.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    public static void Forward(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Tanh:
                Tanh.Forward(x, y);
                break;
            case Activation.ReLU:
                ReLU.Forward(x, y);
                break;
            default:
                ThrowUnknown(activation);
                break;
        }
    }

    /// <summary>dx = f′ · dy, computed from the forward output y; <paramref name="dx"/> may alias <paramref name="dy"/>.</summary>
    /// <param name="activation">The function f.</param>
    /// <param name="y">[n]: the forward output.</param>
    /// <param name="dy">[n]: ∂L/∂y.</param>
    /// <param name="dx">[n]: receives ∂L/∂x.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    public static void Backward(Activation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.Tanh:
                Tanh.Backward(y, dy, dx);
                break;
            case Activation.ReLU:
                ReLU.Backward(y, dy, dx);
                break;
            default:
                ThrowUnknown(activation);
                break;
        }
    }

    private static void ThrowUnknown(Activation activation) =>
        throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {(int)activation}; expected Tanh or ReLU.");
}
