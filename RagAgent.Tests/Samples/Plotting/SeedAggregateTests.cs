using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class SeedAggregateTests
{
    [Test]
    public void MeanWithBand_ThreeCurves_GivesMeanMinAndMaxPerStep()
    {
        double[] x = [100, 200, 300];
        ChartSeries series = SeedAggregate.MeanWithBand("env", [(x, [1, 2, 3]), (x, [3, 4, 5]), (x, [2, 0, 7])]);

        Assert.That(series.X, Is.EqualTo(x));
        Assert.That(series.Y, Is.EqualTo(new[] { 2.0, 2.0, 5.0 }));
        Assert.That(series.Lower, Is.EqualTo(new[] { 1.0, 0.0, 3.0 }));
        Assert.That(series.Upper, Is.EqualTo(new[] { 3.0, 4.0, 7.0 }));
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
