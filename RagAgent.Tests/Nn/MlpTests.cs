using RagAgent.Core.Nn;
using RagAgent.Core.Policies;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class MlpTests
{
    [TestCase(Activation.Tanh, 3)]
    [TestCase(Activation.Tanh, 0)]
    [TestCase(Activation.ReLU, 3)]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences(Activation activation, int outputSize)
    {
        var random = new EnvRandom(11);
        const int rows = 4, input = 5;
        var parameters = new ParameterCollection();
        var mlp = new Mlp(parameters, "net", input, [6, 7], outputSize, activation);
        mlp.Initialize(random, MathF.Sqrt(2f), 1f);
        float[] x = GradientCheck.Random(rows * input, random);
        float[] c = GradientCheck.Random(rows * mlp.OutputSize, random);
        var dx = new float[rows * input];
        mlp.Forward(x, rows);
        mlp.Backward(x, c, dx, rows);

        double Loss() => GradientCheck.Dot(c, mlp.Forward(x, rows));

        // ReLU's kinks make a few finite differences straddle a corner; a small step keeps that unlikely.
        float h = activation == Activation.ReLU ? 1e-3f : 1e-2f;
        foreach (Parameter p in parameters)
        {
            GradientCheck.AssertMatches(p.Name, p.Value, p.Grad, Loss, h);
        }

        GradientCheck.AssertMatches("input", x, dx, Loss, h);
    }

    [Test]
    public void Constructor_HiddenTwoLayers_UsesSequentialNames()
    {
        var parameters = new ParameterCollection();

        _ = new Mlp(parameters, "actor", 4, [64, 64], 2, Activation.Tanh);

        Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[]
        {
            "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias", "actor.4.weight", "actor.4.bias",
        }));
        Assert.That(parameters["actor.4.weight"].Shape, Is.EqualTo(new[] { 2, 64 }));
    }

    [Test]
    public void Backward_MoreRowsThanAnyForward_ThrowsNamingRows()
    {
        var mlp = new Mlp(new ParameterCollection(), "net", 2, [3], 1, Activation.Tanh);
        mlp.Forward(new float[4], 2);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => mlp.Backward(new float[6], new float[3], [], 3));

        Assert.That(e!.ParamName, Is.EqualTo("rows"));
    }
}
