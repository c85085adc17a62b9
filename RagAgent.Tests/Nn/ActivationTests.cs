using RagAgent.Core.Nn;
using RagAgent.Core.Policies;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class ActivationTests
{
    [TestCase(Activation.Tanh)]
    [TestCase(Activation.ReLU)]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences(Activation activation)
    {
        var random = new EnvRandom(4);
        const int n = 37; // not a multiple of the SIMD width, so the scalar tail runs too
        float[] x = GradientCheck.Random(n, random, 2f);
        for (int i = 0; i < n; i++)
        {
            // Keep ReLU inputs away from the kink at 0, where the finite difference is not the derivative.
            x[i] = MathF.Abs(x[i]) < 0.05f ? 0.5f : x[i];
        }

        float[] c = GradientCheck.Random(n, random);
        var y = new float[n];
        var dx = new float[n];
        ActivationFunctions.Forward(activation, x, y);
        ActivationFunctions.Backward(activation, y, c, dx);

        double Loss()
        {
            ActivationFunctions.Forward(activation, x, y);
            return GradientCheck.Dot(c, y);
        }

        GradientCheck.AssertMatches("x", x, dx, Loss, h: 1e-3f);
    }

    [Test]
    public void TanhBackward_InPlace_EqualsOutOfPlace()
    {
        float[] y = [0.1f, -0.5f, 0.9f, 0f, 0.3f, -0.2f, 0.7f, -0.9f, 0.4f];
        float[] dy = [1f, 2f, -1f, 0.5f, 3f, -2f, 1f, 1f, -0.5f];
        var expected = new float[y.Length];
        Tanh.Backward(y, dy, expected);

        Tanh.Backward(y, dy, dy);

        Assert.That(dy, Is.EqualTo(expected));
        Assert.That(expected[0], Is.EqualTo(1f * (1f - 0.01f)).Within(1e-6f));
    }

    [TestCase(Activation.Tanh)]
    [TestCase(Activation.ReLU)]
    public void Forward_ShortOutput_ThrowsNamingY(Activation activation)
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationFunctions.Forward(activation, new float[5], new float[4]));

        Assert.That(e!.ParamName, Is.EqualTo("y"));
        Assert.That(e.Message, Does.Contain("[1, 5]"));
    }

    [Test]
    public void ForwardAndBackward_UndefinedActivation_ThrowNamingActivation()
    {
        var undefined = (Activation)7;

        var forward = Assert.Throws<ArgumentOutOfRangeException>(() => ActivationFunctions.Forward(undefined, new float[2], new float[2]));
        var backward = Assert.Throws<ArgumentOutOfRangeException>(
            () => ActivationFunctions.Backward(undefined, new float[2], new float[2], new float[2]));

        Assert.That(forward!.ParamName, Is.EqualTo("activation"));
        Assert.That(backward!.ParamName, Is.EqualTo("activation"));
    }
}
