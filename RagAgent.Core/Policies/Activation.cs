namespace RagAgent.Core.Policies;

/// <summary>Hidden-layer activation of a policy network (<see cref="PolicyOptions.Activation"/>).</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent (<c>tanh</c>).</summary>
    Tanh,

    /// <summary>Rectified linear unit (<c>relu</c>).</summary>
    ReLU,
}
