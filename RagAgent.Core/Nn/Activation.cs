namespace RagAgent.Core.Nn;

/// <summary>Hidden-layer activation of an <see cref="Mlp"/>.</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent (<c>tanh</c>).</summary>
    Tanh,

    /// <summary>Rectified linear unit (<c>relu</c>).</summary>
    ReLU,
}

/// <summary>Dispatch from <see cref="Activation"/> to its forward and backward functions.</summary>
public static class ActivationFunctions
{
    /// <summary>Parses the <see cref="Policies.PolicyOptions.Activation"/> name (<c>tanh</c> or <c>relu</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Activation Parse(string name) => name switch
    {
        "tanh" => Activation.Tanh,
        "relu" => Activation.ReLU,
        _ => throw new ArgumentException($"Unknown activation '{name}'; expected 'tanh' or 'relu'.", nameof(name)),
    };

    /// <summary>y = f(x).</summary>
    public static void Forward(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        if (activation == Activation.Tanh)
        {
            Tanh.Forward(x, y);
        }
        else
        {
            ReLU.Forward(x, y);
        }
    }

    /// <summary>dx = f′ · dy, computed from the forward output y.</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (activation == Activation.Tanh)
        {
            Tanh.Backward(y, dy, dx);
        }
        else
        {
            ReLU.Backward(y, dy, dx);
        }
    }
}
