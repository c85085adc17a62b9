using RagAgent.Core.Training;
using RagAgent.Samples.Training;

namespace RagAgent.Tests.Samples.Training;

public sealed class ProgressDisplayTests
{
    [TestCase(59.4, "0:59")]
    [TestCase(3725, "1:02:05")]
    [TestCase(3 * 86_400 + 4 * 3600 + 60, "3d 04:01")]
    [TestCase(1e13, ">99d")]
    [TestCase(double.MaxValue, ">99d")]
    [TestCase(double.NaN, "-")]
    [TestCase(-1, "-")]
    public void Duration_AnyValue_FormatsWithoutThrowing(double seconds, string expected) =>
        Assert.That(ProgressText.Duration(seconds), Is.EqualTo(expected));

    [Test]
    public void RecentRate_SlowWarmUpThenSteady_EtaFollowsTheRecentRate()
    {
        var rate = new RecentRate(window: 5);
        rate.Add(1_000, 10);   // first update after a 10 s warm-up
        for (int update = 2; update <= 10; update++)
        {
            rate.Add(update * 1_000L, 10 + ((update - 1) * 0.1));
        }

        Assert.That(rate.StepsPerSecond, Is.EqualTo(10_000).Within(1e-6));
        Assert.That(rate.SecondsLeft(10_000, 110_000), Is.EqualTo(10).Within(1e-9));
    }

    [Test]
    public void RecentRate_OneSample_IsUnknown()
    {
        var rate = new RecentRate();
        rate.Add(128, 0.5);

        Assert.That(rate.SecondsLeft(128, 1024), Is.NaN);
    }

    [TestCase(60)]
    [TestCase(40)]
    [TestCase(80)]
    [TestCase(120)]
    public void ProgressLine_AnyWidth_FitsOnOneLineWithTheStepsWhole(int width)
    {
        string line = ProgressLine.Format("smart-home-with-a-long-name", 123_456, 1_000_000_000_000_000, 5_432.1, 0.586, 1e9, width);

        Assert.That(line.Length, Is.LessThanOrEqualTo(width), line);
        Assert.That(line, Does.Contain("123.5k/1.0E+15"), line);
        Assert.That(line, Does.Contain("return 0.586"), line);
    }

    [Test]
    public void LiveProgress_SixtyColumns_NoRenderedLineIsWiderAndTheStepsStayWhole()
    {
        using var output = new StringWriter();
        LiveTrainingProgress.Run(output, "graph-nav", 20_480, 0, progress =>
        {
            for (int update = 1; update <= 40; update++)
            {
                progress.Report(new UpdateMetrics(update, update * 512L, update, 0.5f, 10, 0.9f, 0, 0, 0, 0, 0, 1000, update * 0.5, 0, 0));
            }

            return 0;
        }, width: 60);

        string[] lines = System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines.Max(l => l.TrimEnd().Length), Is.LessThanOrEqualTo(60));
        Assert.That(lines, Has.Some.Contains("20.5k/20.5k"));
    }

    [Test]
    public void PlainLine_NoSuccessNotion_LeavesSuccessOut()
    {
        var metrics = new UpdateMetrics(1, 128, 3, 21f, 21f, float.NaN, 0, 0, 0, 0, 0, 1000, 0.1, 0, 0);

        Assert.That(PlainTrainingProgress.Line("cartpole", metrics, 1024, double.NaN), Does.Not.Contain("success"));
        Assert.That(PlainTrainingProgress.Line("graph-nav", metrics with { SuccessRate = 0.5f }, 1024, 65), Does.Contain("success 0.50").And.EndWith("eta 1:05"));
    }
}
