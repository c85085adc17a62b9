using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.CartPole;

/// <summary>
/// The classic cart-pole balancing task with the dynamics, thresholds and rewards of Gymnasium's CartPole-v1.
/// </summary>
/// <remarks>
/// <para><b>State and observation</b>: <c>(x, ẋ, θ, θ̇)</c> — cart position (m), cart velocity (m/s), pole angle
/// (rad, 0 = upright) and pole angular velocity (rad/s), given as the 4 <see cref="Observation.Globals"/>. There are
/// no nodes, no goal features and a single task (id 0).</para>
/// <para><b>Actions</b>: 2 extra actions, both always allowed: 0 pushes the cart left, 1 pushes it right, with a
/// force of 10 N.</para>
/// <para><b>Dynamics</b>: gravity g = 9.8, cart mass 1.0, pole mass 0.1, pole half-length l = 0.5, explicit Euler
/// steps of τ = 0.02 s, with total mass M = 1.1 and pole mass-length m·l = 0.05:
/// <code>
/// temp = (F + m·l·θ̇²·sin θ) / M
/// θ̈ = (g·sin θ − cos θ·temp) / (l·(4/3 − m·cos²θ / M))
/// ẍ = temp − m·l·θ̈·cos θ / M
/// x ← x + τ·ẋ;  ẋ ← ẋ + τ·ẍ;  θ ← θ + τ·θ̇;  θ̇ ← θ̇ + τ·θ̈
/// </code>
/// The state is kept in double precision; the observation is its float32 rounding.</para>
/// <para><b>Reward</b>: 1 for every step, including the step that terminates the episode.</para>
/// <para><b>Start</b>: each of the 4 state variables uniform in [−0.05, 0.05), drawn from the env's
/// <see cref="EnvRandom"/> (seeded by <see cref="Reset"/>).</para>
/// <para><b>Termination</b>: |θ| &gt; 12° (0.2095 rad) or |x| &gt; 2.4. <b>Truncation</b>: after
/// <see cref="DefaultMaxEpisodeSteps"/> (500) steps unless terminated on that step. Solved at a mean return of 475.</para>
/// </remarks>
public sealed class CartPoleEnv : ISnapshotEnv
{
    /// <summary>Registry id of this env.</summary>
    public const string EnvId = "cartpole";

    /// <summary>Episode step limit of CartPole-v1.</summary>
    public const int DefaultMaxEpisodeSteps = 500;

    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>Mass of the cart (kg).</summary>
    public const double MassCart = 1.0;

    /// <summary>Mass of the pole (kg).</summary>
    public const double MassPole = 0.1;

    /// <summary>Half the pole's length (m).</summary>
    public const double Length = 0.5;

    /// <summary>Magnitude of the push (N).</summary>
    public const double ForceMag = 10.0;

    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;

    /// <summary>Pole angle beyond which the episode terminates: 12 degrees in radians.</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    /// <summary>Cart position beyond which the episode terminates (m).</summary>
    public const double XThreshold = 2.4;

    private const double TotalMass = MassCart + MassPole;
    private const double PoleMassLength = MassPole * Length;
    private const int SnapshotVersion = 1;

    private readonly EnvRandom _random = new(0);
    private readonly Observation _observation;
    private readonly int _maxEpisodeSteps;
    private double _x;
    private double _xDot;
    private double _theta;
    private double _thetaDot;
    private int _elapsedSteps;
    private bool _needsReset = true;

    /// <summary>Creates the env with a step limit (500 as in CartPole-v1 unless given).</summary>
    /// <param name="maxEpisodeSteps">Steps after which the episode is truncated.</param>
    public CartPoleEnv(int maxEpisodeSteps = DefaultMaxEpisodeSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        _maxEpisodeSteps = maxEpisodeSteps;
        Spec = new EnvSpec
        {
            Id = EnvId,
            GlobalFeatureSize = 4, // no GlobalBounds: the cart's and the pole's velocities are unbounded
            ExtraActions = 2,
            MaxEpisodeSteps = maxEpisodeSteps,
            RewardThreshold = 475f,
            HasSuccess = false, // an episode is judged by its return; there is no goal to reach
        };
        _observation = new Observation(Spec);
    }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>
    /// The exact state <c>(x, ẋ, θ, θ̇)</c>; setting it (for tests and analysis) keeps the episode's step count.
    /// </summary>
    public CartPoleState State
    {
        get => new(_x, _xDot, _theta, _thetaDot);
        set
        {
            (_x, _xDot, _theta, _thetaDot) = (value.X, value.XDot, value.Theta, value.ThetaDot);
            WriteObservation();
        }
    }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed is int s)
        {
            _random.Reseed(s);
        }

        _x = UniformStart();
        _xDot = UniformStart();
        _theta = UniformStart();
        _thetaDot = UniformStart();
        _elapsedSteps = 0;
        _needsReset = false;
        WriteObservation();
        return new ResetResult(_observation, default);
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, !_needsReset, action, _observation.ActionMask);
        double force = action == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(_theta);
        double sinTheta = Math.Sin(_theta);
        double temp = (force + (PoleMassLength * _thetaDot * _thetaDot * sinTheta)) / TotalMass;
        double thetaAcc = ((Gravity * sinTheta) - (cosTheta * temp))
            / (Length * ((4.0 / 3.0) - (MassPole * cosTheta * cosTheta / TotalMass)));
        double xAcc = temp - (PoleMassLength * thetaAcc * cosTheta / TotalMass);

        _x += Tau * _xDot;
        _xDot += Tau * xAcc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaAcc;
        _elapsedSteps++;

        bool terminated = _x < -XThreshold || _x > XThreshold
            || _theta < -ThetaThresholdRadians || _theta > ThetaThresholdRadians;
        bool truncated = !terminated && _elapsedSteps >= _maxEpisodeSteps;
        _needsReset = terminated || truncated;
        WriteObservation();
        return new StepResult(_observation, 1f, terminated, truncated, default);
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <summary>Saves <c>(x, ẋ, θ, θ̇)</c> (float64), the episode's step count, whether a reset is due, and the random state.</summary>
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, EnvId, SnapshotVersion);
        snapshot.Write(_x);
        snapshot.Write(_xDot);
        snapshot.Write(_theta);
        snapshot.Write(_thetaDot);
        snapshot.Write(_elapsedSteps);
        snapshot.Write(_needsReset);
        _random.SaveState(writer);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        var snapshot = new SnapshotReader(reader, EnvId, SnapshotVersion);
        _x = snapshot.ReadDouble("x");
        _xDot = snapshot.ReadDouble("xDot");
        _theta = snapshot.ReadDouble("theta");
        _thetaDot = snapshot.ReadDouble("thetaDot");
        _elapsedSteps = snapshot.ReadInt32("elapsedSteps", 0, _maxEpisodeSteps);
        _needsReset = snapshot.ReadBoolean("needsReset");
        snapshot.ReadNested("random", _random.RestoreState);
        WriteObservation();
        return _observation;
    }

    private double UniformStart() => -0.05 + (0.1 * _random.NextDouble());

    private void WriteObservation()
    {
        float[] globals = _observation.Globals;
        globals[0] = (float)_x;
        globals[1] = (float)_xDot;
        globals[2] = (float)_theta;
        globals[3] = (float)_thetaDot;
    }
}
