using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class LinearTests
{
    [Test]
    public void Forward_WeightOutByIn_ComputesXWTransposePlusBias()
    {
        var parameters = new ParameterCollection();
        var layer = new Linear(parameters, "fc", 2, 3);
        float[] w = [1, 2, 3, 4, 5, 6]; // [out=3, in=2]
        w.CopyTo(layer.Weight.Value, 0);
        layer.Bias.Value[0] = 0.5f;
        float[] x = [1, -1];
        var y = new float[3];

        layer.Forward(x, y, 1);

        Assert.That(layer.Weight.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(y, Is.EqualTo(new[] { 1 - 2 + 0.5f, 3 - 4, 5 - 6 }));
        Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[] { "fc.weight", "fc.bias" }));
    }

    [Test]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(1);
        const int rows = 5, input = 4, output = 3;
        var parameters = new ParameterCollection();
        var layer = new Linear(parameters, "fc", input, output);
        layer.Initialize(random, 1.3f);
        GradientCheck.Random(output, random).CopyTo(layer.Bias.Value, 0);
        float[] x = GradientCheck.Random(rows * input, random);
        float[] c = GradientCheck.Random(rows * output, random);
        var y = new float[rows * output];
        var dx = new float[rows * input];

        layer.Forward(x, y, rows);
        layer.Backward(x, c, dx, rows);

        double Loss()
        {
            layer.Forward(x, y, rows);
            return GradientCheck.Dot(c, y);
        }

        GradientCheck.AssertMatches("weight", layer.Weight.Value, layer.Weight.Grad, Loss);
        GradientCheck.AssertMatches("bias", layer.Bias.Value, layer.Bias.Grad, Loss);
        GradientCheck.AssertMatches("input", x, dx, Loss);
    }

    [Test]
    public void Backward_CalledTwice_AccumulatesParameterGradients()
    {
        var random = new EnvRandom(2);
        var parameters = new ParameterCollection();
        var layer = new Linear(parameters, "fc", 3, 2);
        layer.Initialize(random, 1f);
        float[] x = GradientCheck.Random(3, random);
        float[] dy = GradientCheck.Random(2, random);
        var y = new float[2];
        layer.Forward(x, y, 1);
        layer.Backward(x, dy, [], 1);
        float[] once = (float[])layer.Weight.Grad.Clone();

        layer.Backward(x, dy, [], 1);

        Assert.That(layer.Weight.Grad, Is.EqualTo(once.Select(g => 2 * g).ToArray()).Within(1e-6f));
    }

    [Test]
    public void Forward_ShortOutput_ThrowsNamingOutputAndShape()
    {
        var layer = new Linear(new ParameterCollection(), "fc", 3, 2);

        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new float[6], new float[3], 2));

        Assert.That(e!.ParamName, Is.EqualTo("output"));
        Assert.That(e.Message, Does.Contain("[2, 2]"));
    }

    [Test]
    public void ForwardAndBackward_NegativeRows_ThrowNamingRows()
    {
        var layer = new Linear(new ParameterCollection(), "fc", 3, 2);

        var forward = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[6], new float[4], -1));
        var backward = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Backward(new float[6], new float[4], [], -1));

        Assert.That(forward!.ParamName, Is.EqualTo("rows"));
        Assert.That(backward!.ParamName, Is.EqualTo("rows"));
    }
}
