using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Plotting;

public sealed class RunFigureTests
{
    private static RunSummary Run(string env, int seed, double returnOffset = 0, double[]? wall = null)
    {
        var rows = Enumerable.Range(1, 4)
            .Select(u => new ProgressRow(u * 100, u, returnOffset + u, 10, 0.5, 0, 0.1 * u, 1.0 / u, 0, 0, 1000, wall?[u - 1] ?? u))
            .ToArray();
        return new RunSummary($"runs/{env}-{seed}", env, seed, new Dictionary<string, string> { ["ppo.learning_rate"] = "0.0003" }, rows);
    }

    [Test]
    public void Build_TwoEnvsTwoMetrics_GivesOnePanelPerMetricAndEnvWithTheEnvsInColumns()
    {
        Figure figure = RunFigure.Build(
            [Run("graph-nav", 1), Run("graph-nav", 2), Run("cartpole", 1)],
            new PlotOptions { Metrics = ["mean_return", "entropy"] });

        Assert.That(figure.Columns, Is.EqualTo(2));
        Assert.That(figure.Rows, Is.EqualTo(2));
        Assert.That(figure.Panels.Select(p => (p.Title, p.YLabel)), Is.EqualTo(new[]
        {
            ("graph-nav", "episode return"), ("cartpole", "episode return"), ("graph-nav", "entropy"), ("cartpole", "entropy"),
        }));
        Assert.That(figure.Panels.Select(p => p.ShowLegend), Is.EqualTo(new[] { true, true, false, false }));
        Assert.That(figure.Panels[0].Series.Single().Label, Is.EqualTo("graph-nav: mean of 2 seeds"));
        Assert.That(figure.Panels[1].Series.Single().Label, Is.EqualTo("cartpole: seed 1"), "runs of different envs never share an axis");
        Assert.That(figure.Panels[2].Series.Single().Y[1], Is.EqualTo(0.5), "entropy of update 2 is 1/2 in both seeds");
        Assert.That(figure.Subtitle, Is.EqualTo("3 runs, seeds 1, 2"));
    }

    [Test]
    public void Build_SeveralSeeds_KeepsEachSeedsLineBehindTheMeanAndBand()
    {
        ChartSeries series = RunFigure.Build([Run("graph-nav", 1), Run("graph-nav", 2, returnOffset: 2)], new PlotOptions()).Panels.Single().Series.Single();

        Assert.That(series.Seeds.Select(s => s.Seed), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(series.Seeds[1].Y, Is.EqualTo(new[] { 3.0, 4, 5, 6 }));
        Assert.That(series.Y, Is.EqualTo(new[] { 2.0, 3, 4, 5 }));
        Assert.That(series.HasBand, Is.True);
        Assert.That(series.SeedsLabel, Is.EqualTo("graph-nav: each seed"));
    }

    [Test]
    public void Build_Smoothing_SmoothsEachRunAndSaysSoInTheSubtitle()
    {
        Figure figure = RunFigure.Build([Run("graph-nav", 1)], new PlotOptions { Smooth = 2 });

        Assert.That(figure.Panels.Single().Series.Single().Y, Is.EqualTo(new[] { 1, 1.5, 2.5, 3.5 }));
        Assert.That(figure.Subtitle, Is.EqualTo("seed 1; smoothed: trailing mean of 2 updates"));
    }

    [Test]
    public void Build_WallClockOfAResumedRun_AddsTheSessionsUp()
    {
        Figure figure = RunFigure.Build([Run("graph-nav", 1, wall: [5, 10, 2, 4])], new PlotOptions { X = XAxisKind.Wall });

        Assert.That(figure.Panels.Single().Series.Single().X, Is.EqualTo(new[] { 5.0, 10, 12, 14 }));
        Assert.That(figure.Panels.Single().XLabel, Is.EqualTo("wall time (s)"));
    }

    [Test]
    public void Build_UnknownMetric_ThrowsNamingTheColumnAndTheChoices()
    {
        Assert.That(
            () => RunFigure.Build([Run("graph-nav", 1)], new PlotOptions { Metrics = ["reward"] }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("Metrics").And.Message.Contains("'reward'").And.Message.Contains("mean_return"));
    }

    [Test]
    public void ProgressColumns_NameEveryCsvColumnButStep()
    {
        Assert.That(ProgressColumns.All.Select(c => c.Name), Is.EqualTo(ProgressCsv.Columns.Skip(1)));
    }
}
