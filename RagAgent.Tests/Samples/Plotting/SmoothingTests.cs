using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class SmoothingTests
{
    [Test]
    public void TrailingMean_WindowThree_AveragesTheLastThreeAndFewerAtTheStart()
    {
        Assert.That(Smoothing.TrailingMean([1, 2, 3, 4, 10], 3), Is.EqualTo(new[] { 1, 1.5, 2, 3, 17.0 / 3 }).Within(1e-12));
    }

    [Test]
    public void TrailingMean_WindowOne_ReturnsTheValuesExactly()
    {
        double[] y = [0.1, 0.7, 0.2 + 0.1, -3e-9];

        Assert.That(Smoothing.TrailingMean(y, 1), Is.EqualTo(y));
    }

    [Test]
    public void TrailingMean_MissingValues_AreSkippedInTheWindowAndStayMissing()
    {
        double[] smoothed = Smoothing.TrailingMean([double.NaN, 2, double.NaN, 4], 2);

        Assert.That(smoothed[0], Is.NaN);
        Assert.That(smoothed[1], Is.EqualTo(2));
        Assert.That(smoothed[2], Is.NaN);
        Assert.That(smoothed[3], Is.EqualTo(4), "the window (NaN, 4) has one finite value");
    }
}
