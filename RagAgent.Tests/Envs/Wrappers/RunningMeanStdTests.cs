using RagAgent.Envs.Randomness;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class RunningMeanStdTests
{
    [Test]
    public void Update_ManySamples_MatchesTwoPassMeanAndPopulationVariance()
    {
        var random = new EnvRandom(3);
        float[][] samples = Enumerable.Range(0, 1000)
            .Select(_ => new[] { 1e4f + (float)random.NextGaussian(), -2f + (3f * random.NextFloat()) })
            .ToArray();
        var statistics = new RunningMeanStd(2);

        foreach (float[] sample in samples)
        {
            statistics.Update(sample);
        }

        for (int j = 0; j < 2; j++)
        {
            double mean = samples.Average(s => (double)s[j]);
            double variance = samples.Average(s => (s[j] - mean) * (s[j] - mean));
            Assert.That(statistics.Mean[j], Is.EqualTo(mean).Within(1e-9 * Math.Abs(mean)));
            Assert.That(statistics.Variance(j), Is.EqualTo(variance).Within(1e-9 * variance));
        }

        Assert.That(statistics.Count, Is.EqualTo(1000));
    }

    [Test]
    public void Normalize_GivesStandardScoresClippedAtBound()
    {
        var statistics = new RunningMeanStd(1);
        statistics.Update([1f]);
        statistics.Update([3f]);
        float[] normalized = new float[1];

        statistics.Normalize([4f], normalized, clip: 10f, epsilon: 0.0);
        Assert.That(normalized[0], Is.EqualTo(2f).Within(1e-6f), "mean 2, variance 1");
        statistics.Normalize([100f], normalized, clip: 5f, epsilon: 0.0);
        Assert.That(normalized[0], Is.EqualTo(5f));
    }

    [Test]
    public void Variance_BeforeAnySample_IsOne()
    {
        Assert.That(new RunningMeanStd(2).Variance(1), Is.EqualTo(1.0));
    }

    [Test]
    public void Update_WrongLength_ThrowsNamingShape()
    {
        Assert.That(() => new RunningMeanStd(3).Update([1f]), Throws.ArgumentException.With.Message.Contains("[3]"));
    }

    [Test]
    public void CopyTo_CopiesCountMeanAndVariance()
    {
        var source = new RunningMeanStd(1);
        source.Update([2f]);
        source.Update([6f]);
        var destination = new RunningMeanStd(1);

        source.CopyTo(destination);

        Assert.Multiple(() =>
        {
            Assert.That(destination.Count, Is.EqualTo(2));
            Assert.That(destination.Mean[0], Is.EqualTo(4.0));
            Assert.That(destination.Variance(0), Is.EqualTo(4.0));
        });
    }
}
