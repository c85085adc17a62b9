using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class PoolingTests
{
    private const int Batch = 3, Nodes = 4, Features = 5;

    // Row 0: nodes 0, 2 real; row 1: all real; row 2: all padding.
    private static readonly bool[] Mask = [true, false, true, false, true, true, true, true, false, false, false, false];

    [Test]
    public void MeanForward_SkipsPaddingAndGivesZerosForEmptyRow()
    {
        float[] x = GradientCheck.Random(Batch * Nodes * Features, new EnvRandom(5));
        var y = new float[Batch * Features];

        MaskedMeanPool.Forward(x, Mask, y, Batch, Nodes, Features);

        Assert.That(y[0], Is.EqualTo((x[0] + x[2 * Features]) / 2).Within(1e-6f));
        Assert.That(y.AsSpan(2 * Features).ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void MaxForward_EmptyRowGivesZerosAndNoWinner()
    {
        float[] x = GradientCheck.Random(Batch * Nodes * Features, new EnvRandom(6));
        var y = new float[Batch * Features];
        var argMax = new int[Batch * Features];

        MaskedMaxPool.Forward(x, Mask, y, argMax, Batch, Nodes, Features);

        Assert.That(y[0], Is.EqualTo(Math.Max(x[0], x[2 * Features])));
        Assert.That(argMax[0], Is.EqualTo(x[0] >= x[2 * Features] ? 0 : 2));
        Assert.That(y.AsSpan(2 * Features).ToArray(), Is.All.EqualTo(0f));
        Assert.That(argMax.AsSpan(2 * Features).ToArray(), Is.All.EqualTo(-1));
    }

    [Test]
    public void MeanBackward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(7);
        float[] x = GradientCheck.Random(Batch * Nodes * Features, random);
        float[] c = GradientCheck.Random(Batch * Features, random);
        var y = new float[Batch * Features];
        var dx = new float[x.Length];
        Array.Fill(dx, 99f); // overwritten, including padding nodes

        MaskedMeanPool.Backward(c, Mask, dx, Batch, Nodes, Features);

        GradientCheck.AssertMatches("x", x, dx, () =>
        {
            MaskedMeanPool.Forward(x, Mask, y, Batch, Nodes, Features);
            return GradientCheck.Dot(c, y);
        });
    }

    [Test]
    public void MaxBackward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(8);
        float[] x = GradientCheck.Random(Batch * Nodes * Features, random);
        float[] c = GradientCheck.Random(Batch * Features, random);
        var y = new float[Batch * Features];
        var argMax = new int[Batch * Features];
        var dx = new float[x.Length];
        MaskedMaxPool.Forward(x, Mask, y, argMax, Batch, Nodes, Features);

        MaskedMaxPool.Backward(c, argMax, dx, Batch, Nodes, Features);

        GradientCheck.AssertMatches("x", x, dx, () =>
        {
            MaskedMaxPool.Forward(x, Mask, y, argMax, Batch, Nodes, Features);
            return GradientCheck.Dot(c, y);
        }, h: 1e-3f);
    }

    [Test]
    public void MaskedFillBackward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(9);
        float[] x = GradientCheck.Random(Mask.Length, random);
        float[] c = GradientCheck.Random(Mask.Length, random);
        var y = new float[x.Length];
        float[] dx = (float[])c.Clone();

        MaskedFill.Backward(Mask, dx);

        GradientCheck.AssertMatches("x", x, dx, () =>
        {
            x.CopyTo(y, 0);
            MaskedFill.Forward(Mask, y, -5f);
            return GradientCheck.Dot(c, y);
        });
    }

    [Test]
    public void MaskedFill_FillsForwardAndZeroesBackward()
    {
        bool[] mask = [true, false, true];
        float[] values = [1, 2, 3];
        float[] gradients = [4, 5, 6];

        MaskedFill.Forward(mask, values, -7f);
        MaskedFill.Backward(mask, gradients);

        Assert.That(values, Is.EqualTo(new float[] { 1, -7, 3 }));
        Assert.That(gradients, Is.EqualTo(new float[] { 4, 0, 6 }));
    }
}
