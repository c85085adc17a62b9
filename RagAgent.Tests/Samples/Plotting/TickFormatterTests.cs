using RagAgent.Samples.Plotting;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class TickFormatterTests
{
    [Test]
    public void Format_Thousands_UsesK()
    {
        Assert.That(TickFormatter.Format([0, 50_000, 100_000, 150_000], 50_000), Is.EqualTo(new[] { "0", "50k", "100k", "150k" }));
    }

    [Test]
    public void Format_Millions_UsesMWithSharedDecimals()
    {
        Assert.That(TickFormatter.Format([0, 400_000, 800_000, 1_200_000], 400_000), Is.EqualTo(new[] { "0", "0.4M", "0.8M", "1.2M" }));
    }

    [Test]
    public void Format_Negative_UsesTrueMinusSign()
    {
        Assert.That(TickFormatter.Format([-1, 0, 1], 1), Is.EqualTo(new[] { "\u22121", "0", "1" }));
    }

    [Test]
    public void Format_SmallValues_KeepsPlainNumbers()
    {
        Assert.That(TickFormatter.Format([0, 2000, 4000, 6000], 2000), Is.EqualTo(new[] { "0", "2000", "4000", "6000" }));
    }
}
