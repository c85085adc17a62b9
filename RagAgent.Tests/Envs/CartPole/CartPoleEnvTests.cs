using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;

namespace RagAgent.Tests.Envs.CartPole;

public sealed class CartPoleEnvTests
{
    [Test]
    public void Step_FromRestPushingRight_MatchesHandComputedEquations()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = new CartPoleState(0, 0, 0, 0);

        StepResult result = env.Step(1);

        // F = 10, sin θ = 0, cos θ = 1: temp = 100/11, θ̈ = −(100/11) / (0.5·(4/3 − 1/11)) = −600/41,
        // ẍ = 100/11 + 0.05·(600/41)/1.1 = 4400/451; Euler: ẋ = 0.02·4400/451 = 88/451, θ̇ = −0.02·600/41 = −12/41.
        CartPoleState state = env.State;
        Assert.Multiple(() =>
        {
            Assert.That(state.X, Is.EqualTo(0.0));
            Assert.That(state.XDot, Is.EqualTo(88.0 / 451.0).Within(1e-12));
            Assert.That(state.Theta, Is.EqualTo(0.0));
            Assert.That(state.ThetaDot, Is.EqualTo(-12.0 / 41.0).Within(1e-12));
            Assert.That(result.Observation.Globals, Is.EqualTo(new[] { 0f, (float)(88.0 / 451.0), 0f, (float)(-12.0 / 41.0) }));
            Assert.That(result.Reward, Is.EqualTo(1f));
            Assert.That(result.Terminated, Is.False);
            Assert.That(result.Truncated, Is.False);
        });
    }

    [Test]
    public void Step_FromTiltedMovingStatePushingLeft_MatchesIndependentComputation()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = new CartPoleState(0.1, -0.2, 0.05, 0.3);

        env.Step(0);

        // Reference values from an independent double-precision evaluation of the same equations.
        CartPoleState state = env.State;
        Assert.Multiple(() =>
        {
            Assert.That(state.X, Is.EqualTo(0.096).Within(1e-12));
            Assert.That(state.XDot, Is.EqualTo(-0.3957976546439626).Within(1e-12));
            Assert.That(state.Theta, Is.EqualTo(0.056).Within(1e-12));
            Assert.That(state.ThetaDot, Is.EqualTo(0.6080233136061515).Within(1e-12));
        });
    }

    [TestCase(2.39, 0.0, false)]
    [TestCase(2.41, 0.0, true)]
    [TestCase(-2.41, 0.0, true)]
    [TestCase(0.0, 0.2090, false)]
    [TestCase(0.0, 0.2100, true)]
    [TestCase(0.0, -0.2100, true)]
    public void Step_AtThresholds_TerminatesBeyondTwelveDegreesOrTwoPointFour(double x, double theta, bool expectedTerminated)
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);

        // Velocities are zero, so after the Euler step x and θ are unchanged and only the threshold test decides.
        env.State = new CartPoleState(x, 0, theta, 0);
        StepResult result = env.Step(1);

        Assert.Multiple(() =>
        {
            Assert.That(result.Terminated, Is.EqualTo(expectedTerminated));
            Assert.That(result.Truncated, Is.False);
            Assert.That(result.Reward, Is.EqualTo(1f), "the terminal step is rewarded too");
        });
    }

    [Test]
    public void Step_For500StepsWithoutFalling_TruncatesAtStep500()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 3);
        StepResult result = default;
        for (int t = 1; t <= 500; t++)
        {
            // Hold the pole upright at rest so the episode cannot terminate.
            env.State = new CartPoleState(0, 0, 0, 0);
            result = env.Step(t % 2);
            if (t < 500)
            {
                Assert.That(result.Done, Is.False, $"step {t}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.Truncated, Is.True);
            Assert.That(result.Terminated, Is.False);
            Assert.That(env.Spec.MaxEpisodeSteps, Is.EqualTo(500));
        });
    }

    [Test]
    public void Reset_SameSeed_GivesSameEpisode()
    {
        float[][] first = RunEpisode(new CartPoleEnv(), seed: 42);
        float[][] second = RunEpisode(new CartPoleEnv(), seed: 42);
        float[][] other = RunEpisode(new CartPoleEnv(), seed: 43);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other[0], Is.Not.EqualTo(first[0]));
        });
    }

    [Test]
    public void Reset_InitialState_IsWithinFiveHundredthsAndUsesEveryVariable()
    {
        var env = new CartPoleEnv();
        for (int seed = 0; seed < 50; seed++)
        {
            float[] globals = env.Reset(seed).Observation.Globals;
            Assert.That(globals, Has.All.InRange(-0.05f, 0.05f));
            Assert.That(globals.Distinct().Count(), Is.EqualTo(4));
        }
    }

    [Test]
    public void Step_AfterEpisodeEnded_Throws()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = new CartPoleState(2.5, 0, 0, 0);
        Assert.That(env.Step(0).Terminated, Is.True);

        Assert.That(() => env.Step(0), Throws.InvalidOperationException.With.Message.Contains("Reset"));
    }

    [Test]
    public void Step_BeforeReset_Throws()
    {
        Assert.That(() => new CartPoleEnv().Step(0), Throws.InvalidOperationException);
    }

    [TestCase(2)]
    [TestCase(-1)]
    public void Step_InvalidAction_ThrowsInvalidActionException(int action)
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);

        Assert.That(() => env.Step(action), Throws.TypeOf<InvalidActionException>().With.Message.Contains("cartpole"));
    }

    [Test]
    public void Spec_IsFlatWithFourGlobalsAndTwoAllowedActions()
    {
        var env = new CartPoleEnv();
        Observation observation = env.Reset(seed: 0).Observation;

        Assert.Multiple(() =>
        {
            Assert.That(env.Spec.GlobalFeatureSize, Is.EqualTo(4));
            Assert.That(env.Spec.NumActions, Is.EqualTo(2));
            Assert.That(env.Spec.MaxNodes, Is.Zero);
            Assert.That(env.Spec.RewardThreshold, Is.EqualTo(475f));
            Assert.That(observation.ActionMask, Is.EqualTo(new[] { true, true }));
            Assert.That(observation.TaskId, Is.Zero);
        });
    }

    private static float[][] RunEpisode(CartPoleEnv env, int seed)
    {
        var observations = new List<float[]> { (float[])env.Reset(seed).Observation.Globals.Clone() };
        for (int t = 0; ; t++)
        {
            StepResult result = env.Step(t % 3 == 0 ? 1 : 0);
            observations.Add((float[])result.Observation.Globals.Clone());
            if (result.Done)
            {
                return [.. observations];
            }
        }
    }
}
