using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class NormalizeObservationTests
{
    [Test]
    public void Step_ManySteps_StatisticsConvergeToTheFeatureDistributions()
    {
        var env = new NormalizeObservation(new RandomNodesEnv());
        env.Reset(seed: 1);
        for (int t = 0; t < 5000; t++)
        {
            env.Step(0);
        }

        // Globals ~ N(10, 4²); node columns ~ N(3, 2²) and N(−1, 0.5²) over the two real nodes; padding excluded.
        Assert.Multiple(() =>
        {
            Assert.That(env.GlobalStatistics.Count, Is.EqualTo(5001));
            Assert.That(env.GlobalStatistics.Mean[0], Is.EqualTo(10.0).Within(0.2));
            Assert.That(env.GlobalStatistics.Variance(0), Is.EqualTo(16.0).Within(0.8));
            Assert.That(env.NodeFeatureStatistics.Count, Is.EqualTo(2 * 5001));
            Assert.That(env.NodeFeatureStatistics.Mean[0], Is.EqualTo(3.0).Within(0.1));
            Assert.That(env.NodeFeatureStatistics.Variance(0), Is.EqualTo(4.0).Within(0.2));
            Assert.That(env.NodeFeatureStatistics.Mean[1], Is.EqualTo(-1.0).Within(0.025));
            Assert.That(env.NodeFeatureStatistics.Variance(1), Is.EqualTo(0.25).Within(0.0125));
        });
    }

    [Test]
    public void Step_ReturnsStandardScoresInItsOwnBufferAndPassesPaddingThrough()
    {
        var inner = new RandomNodesEnv();
        var env = new NormalizeObservation(inner);
        env.Reset(seed: 1);
        for (int t = 0; t < 100; t++)
        {
            env.Step(0);
        }

        Observation normalized = env.Step(0).Observation;
        Observation raw = inner.Current;

        double globalStd = Math.Sqrt(env.GlobalStatistics.Variance(0) + 1e-8);
        double columnStd = Math.Sqrt(env.NodeFeatureStatistics.Variance(1) + 1e-8);
        Assert.Multiple(() =>
        {
            Assert.That(normalized, Is.Not.SameAs(raw));
            Assert.That(normalized.Globals[0], Is.EqualTo((float)((raw.Globals[0] - env.GlobalStatistics.Mean[0]) / globalStd)).Within(1e-6f));
            Assert.That(normalized.NodeFeatures[3], Is.EqualTo((float)((raw.NodeFeatures[3] - env.NodeFeatureStatistics.Mean[1]) / columnStd)).Within(1e-6f));
            Assert.That(raw.Globals[0], Is.Not.EqualTo(normalized.Globals[0]), "the inner observation keeps its raw values");
            Assert.That(normalized.NodeFeatures[4], Is.EqualTo(1000f), "padding rows pass through");
            Assert.That(normalized.NodeMask, Is.EqualTo(new[] { true, true, false }));
            Assert.That(env.GlobalStatistics.Count, Is.EqualTo(102));
        });
    }

    [Test]
    public void Normalize_MatchesFormulaOnTheSameObservation()
    {
        var inner = new CountingEnv(1000, truncates: false);
        var env = new NormalizeObservation(inner, new NormalizeObservationOptions { Clip = 100f });
        env.Reset(seed: 0);
        Observation normalized = default!;
        for (int t = 0; t < 9; t++)
        {
            normalized = env.Step(0).Observation;
        }

        // Globals[0] took the values 0, 1, …, 9: mean 4.5, population variance 8.25; the last value is 9.
        float expected = (float)((9 - 4.5) / Math.Sqrt(8.25 + 1e-8));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Globals[0], Is.EqualTo(expected).Within(1e-6f));
            Assert.That(env.GlobalStatistics.Mean[0], Is.EqualTo(4.5).Within(1e-12));
        });
    }

    [Test]
    public void IsFrozen_StatisticsStopUpdating()
    {
        var env = new NormalizeObservation(new RandomNodesEnv());
        env.Reset(seed: 1);
        env.Step(0);
        env.IsFrozen = true;
        double mean = env.GlobalStatistics.Mean[0];

        for (int t = 0; t < 10; t++)
        {
            env.Step(0);
        }

        Assert.Multiple(() =>
        {
            Assert.That(env.GlobalStatistics.Count, Is.EqualTo(2));
            Assert.That(env.GlobalStatistics.Mean[0], Is.EqualTo(mean));
            Assert.That(env.NodeFeatureStatistics.Count, Is.EqualTo(4));
        });
    }

    [Test]
    public void Constructor_BadOptions_ThrowsNamingField()
    {
        Assert.That(() => new NormalizeObservation(new RandomNodesEnv(), new NormalizeObservationOptions { Clip = 0f }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("Clip"));
    }
}
