using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

public sealed class InitializersTests
{
    [TestCase(8, 3)]
    [TestCase(3, 8)]
    [TestCase(5, 5)]
    public void Orthogonal_AnyShape_GivesOrthonormalRowsOrColumnsTimesGain(int rows, int cols)
    {
        const float gain = 1.5f;
        var w = new float[rows * cols];

        Initializers.Orthogonal(w, rows, cols, gain, new EnvRandom(3));

        // The smaller side is orthonormal: WᵀW = gain² I when rows ≥ cols, else WWᵀ = gain² I.
        int small = Math.Min(rows, cols);
        int large = Math.Max(rows, cols);
        for (int a = 0; a < small; a++)
        {
            for (int b = 0; b < small; b++)
            {
                double dot = 0;
                for (int k = 0; k < large; k++)
                {
                    dot += rows >= cols ? w[(k * cols) + a] * w[(k * cols) + b] : w[(a * cols) + k] * w[(b * cols) + k];
                }

                Assert.That(dot, Is.EqualTo(a == b ? gain * gain : 0).Within(1e-5), $"({a}, {b})");
            }
        }
    }

    [Test]
    public void Orthogonal_SameSeed_GivesIdenticalWeights()
    {
        var first = new float[12];
        var second = new float[12];
        var third = new float[12];

        Initializers.Orthogonal(first, 4, 3, 1f, new EnvRandom(9));
        Initializers.Orthogonal(second, 4, 3, 1f, new EnvRandom(9));
        Initializers.Orthogonal(third, 4, 3, 1f, new EnvRandom(10));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(third, Is.Not.EqualTo(first));
    }

    [TestCase(float.NaN)]
    [TestCase(-1f)]
    [TestCase(float.PositiveInfinity)]
    public void NormalAndOrthogonal_BadScale_ThrowNamingIt(float scale)
    {
        var w = new float[6];

        var normal = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Normal(w, scale, new EnvRandom(1)));
        var orthogonal = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Orthogonal(w, 2, 3, scale, new EnvRandom(1)));

        Assert.That(normal!.ParamName, Is.EqualTo("std"));
        Assert.That(orthogonal!.ParamName, Is.EqualTo("gain"));
        Assert.That(w, Is.All.Zero, "nothing is written before the check");
    }
}
