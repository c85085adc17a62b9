using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class ConcatTests
{
    [Test]
    public void Forward_TwoParts_WritesSideBySide()
    {
        float[] a = [1, 2, 3, 4];    // [2, 2]
        float[] b = [5, 6];          // [2, 1]
        var output = new float[6];   // [2, 3]

        Concat.Forward(a, 2, output, 3, 0, 2);
        Concat.Forward(b, 1, output, 3, 2, 2);

        Assert.That(output, Is.EqualTo(new float[] { 1, 2, 5, 3, 4, 6 }));
    }

    [Test]
    public void Backward_SplitsGradientColumns()
    {
        float[] dOutput = [1, 2, 5, 3, 4, 6];
        var da = new float[4];
        var db = new float[] { 10, 10 };

        Concat.Backward(dOutput, 3, 0, da, 2, 2);
        Concat.Backward(dOutput, 3, 2, db, 1, 2, accumulate: true);

        Assert.That(da, Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(db, Is.EqualTo(new float[] { 15, 16 }));
    }

    [Test]
    public void BroadcastBackward_SumsOverRepeats()
    {
        float[] part = [1, 2];        // [1, 2]
        var output = new float[9];    // [3, 3], part in columns 1..2
        Concat.ForwardBroadcast(part, 2, output, 3, 1, 1, 3);
        float[] dOutput = [0, 1, 2, 0, 3, 4, 0, 5, 6];
        var dPart = new float[2];

        Concat.BackwardBroadcast(dOutput, 3, 1, dPart, 2, 1, 3);

        Assert.That(output, Is.EqualTo(new float[] { 0, 1, 2, 0, 1, 2, 0, 1, 2 }));
        Assert.That(dPart, Is.EqualTo(new float[] { 9, 12 }));
    }

    [Test]
    public void BroadcastBackward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(13);
        const int rows = 3, repeats = 4, width = 2, outputWidth = 5, offset = 1;
        float[] part = GradientCheck.Random(rows * width, random);
        float[] c = GradientCheck.Random(rows * repeats * outputWidth, random);
        var output = new float[c.Length];
        var dPart = new float[part.Length];

        Concat.BackwardBroadcast(c, outputWidth, offset, dPart, width, rows, repeats);

        GradientCheck.AssertMatches("part", part, dPart, () =>
        {
            Concat.ForwardBroadcast(part, width, output, outputWidth, offset, rows, repeats);
            return GradientCheck.Dot(c, output);
        });
    }

    [Test]
    public void Forward_PartOutsideOutput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Concat.Forward(new float[4], 2, new float[6], 3, 2, 2));
    }
}
