namespace RagAgent.Envs.CartPole;

/// <summary>The exact (double-precision) state of a <see cref="CartPoleEnv"/>.</summary>
/// <param name="X">Cart position (m).</param>
/// <param name="XDot">Cart velocity (m/s).</param>
/// <param name="Theta">Pole angle from upright (rad).</param>
/// <param name="ThetaDot">Pole angular velocity (rad/s).</param>
public readonly record struct CartPoleState(double X, double XDot, double Theta, double ThetaDot);
