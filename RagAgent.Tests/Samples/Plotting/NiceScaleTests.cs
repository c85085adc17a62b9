using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class NiceScaleTests
{
    [TestCase(0.0, 1_200_000.0, 200_000.0, 1_200_000.0)]
    [TestCase(0.0, 20_000.0, 5_000.0, 20_000.0)]
    [TestCase(-2.1, 3.4, 1.0, 4.0)]
    [TestCase(0.0, 0.93, 0.2, 1.0)]
    public void For_TypicalRanges_UsesOneTwoFiveStepsAndCoversTheData(double min, double max, double expectedStep, double expectedMax)
    {
        NiceScale scale = NiceScale.For(min, max);

        Assert.That(scale.Step, Is.EqualTo(expectedStep).Within(1e-9 * expectedStep));
        Assert.That(scale.Max, Is.EqualTo(expectedMax).Within(1e-9 * expectedMax));
        Assert.That(scale.Min, Is.LessThanOrEqualTo(min));
    }

    [Test]
    public void For_ConstantData_WidensTheRange()
    {
        NiceScale scale = NiceScale.For(5, 5);

        Assert.That(scale.Min, Is.LessThan(5));
        Assert.That(scale.Max, Is.GreaterThan(5));
    }

    [Test]
    public void Ticks_DecimalSteps_HaveNoFloatingPointDrift()
    {
        IReadOnlyList<double> ticks = new NiceScale(0, 1, 0.1).Ticks();

        Assert.That(ticks, Has.Count.EqualTo(11));
        Assert.That(TickFormatter.Format(ticks, 0.1), Is.EqualTo(new[] { "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0" }));
    }

    [Test]
    public void Tight_EndsAtTheDataWithTicksInside()
    {
        NiceScale scale = NiceScale.Tight(0, 81_920);

        Assert.That(scale.Max, Is.EqualTo(81_920));
        Assert.That(scale.Ticks(), Is.EqualTo(new double[] { 0, 20_000, 40_000, 60_000, 80_000 }));
    }
}
