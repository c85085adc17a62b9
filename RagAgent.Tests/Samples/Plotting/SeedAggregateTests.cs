using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class SeedAggregateTests
{
    [Test]
    public void MeanWithBand_ThreeCurves_GivesTheMeanAndTheStudentTIntervalPerStep()
    {
        double[] x = [100, 200, 300];
        ChartSeries series = SeedAggregate.MeanWithBand("env", [(x, [1, 2, 3]), (x, [3, 4, 5]), (x, [2, 0, 9])]);

        // At x=100: values 1, 3, 2 → mean 2, sample sd 1; t(0.975, 2 dof) = 4.302652729749464 (t table).
        // At x=300: values 3, 5, 9 → mean 17/3, sample sd sqrt(28/3).
        double halfWidth100 = 4.302652729749464 * 1 / Math.Sqrt(3);
        double halfWidth300 = 4.302652729749464 * Math.Sqrt(28.0 / 3) / Math.Sqrt(3);
        Assert.That(series.X, Is.EqualTo(x));
        Assert.That(series.Y, Is.EqualTo(new[] { 2.0, 2.0, 17.0 / 3 }).Within(1e-12));
        Assert.That(series.Lower![0], Is.EqualTo(2 - halfWidth100).Within(1e-9));
        Assert.That(series.Upper![0], Is.EqualTo(2 + halfWidth100).Within(1e-9));
        Assert.That(series.Upper[2] - series.Y[2], Is.EqualTo(halfWidth300).Within(1e-9));
        Assert.That(series.BandLabel, Is.EqualTo("95% t-interval of the mean"));
    }

    [Test]
    public void MeanWithBand_NinetyPercent_UsesThatQuantileAndSaysSo()
    {
        double[] x = [0];
        ChartSeries series = SeedAggregate.MeanWithBand("env", [(x, [0]), (x, [2])], confidence: 0.9);

        // Two seeds: mean 1, sd sqrt(2); t(0.95, 1 dof) = 6.313751514675 → half width 6.313751514675.
        Assert.That(series.Upper![0] - 1, Is.EqualTo(6.313751514675).Within(1e-9));
        Assert.That(series.BandLabel, Is.EqualTo("90% t-interval of the mean"));
    }

    [Test]
    public void MeanWithBand_ConfidenceOutsideZeroOne_Throws()
    {
        double[] x = [0];

        Assert.That(() => SeedAggregate.MeanWithBand("env", [(x, [0]), (x, [2])], confidence: 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void MeanWithBand_ShorterCurve_CutsTheGridAtItsEnd()
    {
        ChartSeries series = SeedAggregate.MeanWithBand("env", [([100, 200, 300], [1, 2, 3]), ([100, 200], [1, 2])]);

        Assert.That(series.X, Is.EqualTo(new[] { 100.0, 200.0 }));
    }

    [Test]
    public void MeanWithBand_SingleCurve_HasNoBand()
    {
        ChartSeries series = SeedAggregate.MeanWithBand("env", [([100, 200], [1, 2])]);

        Assert.That(series.HasBand, Is.False);
    }

    [Test]
    public void Interpolate_BetweenPointsAndOverNaN_IsLinear()
    {
        double[] x = [0, 10, 20];
        double[] y = [0, double.NaN, 4];

        Assert.That(SeedAggregate.Interpolate(x, y, 5), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(SeedAggregate.Interpolate(x, y, 25), Is.NaN);
    }
}
