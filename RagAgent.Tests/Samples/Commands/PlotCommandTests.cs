using System.Globalization;
using System.Xml.Linq;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

public sealed class PlotCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-plot-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string WriteRun(string name, string env, int seed, float learningRate = 3e-4f)
    {
        string run = Path.Combine(_dir, name);
        Directory.CreateDirectory(run);
        File.WriteAllText(
            Path.Combine(run, RunFiles.Config),
            string.Create(CultureInfo.InvariantCulture, $$"""{"env":"{{env}}","seed":{{seed}},"ppo":{"learning_rate":{{learningRate}}},"library_version":"0.1.0"}"""));
        using var writer = new ProgressCsvWriter(Path.Combine(run, RunFiles.Progress));
        for (int update = 1; update <= 5; update++)
        {
            writer.Append(new ProgressRow(update * 1024, update * 3, (update * 0.1) + seed, 20, 0.5, 0, 0, 1, 0, 0, 1000, update));
        }

        return run;
    }

    [Test]
    public void Plot_PngOut_WritesAPngWithAPanelPerEnv()
    {
        string a1 = WriteRun("a1", "graph-nav", 1), a2 = WriteRun("a2", "graph-nav", 2), a3 = WriteRun("a3", "graph-nav", 3);
        string b = WriteRun("b", "task-select", 1);
        string output = Path.Combine(_dir, "out", "compare.png");

        CliOutcome outcome = CliRunner.Run("plot", a1, a2, a3, b, "--out", output);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.Contain("4 run(s) in 2 group(s), 2 panel(s)"));
        byte[] png = File.ReadAllBytes(output);
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
    }

    [Test]
    public void Plot_SvgOutWithMetricsAndWallClock_WritesAnSvgWithOneRowPerMetric()
    {
        string output = Path.Combine(_dir, "metrics.svg");

        CliOutcome outcome = CliRunner.Run("plot", WriteRun("a", "graph-nav", 1), "--out", output, "--metrics", "mean_return,entropy,sps", "--x", "wall", "--smooth", "3");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        XDocument svg = XDocument.Load(output);
        Assert.That((string?)svg.Root!.Attribute("height"), Is.EqualTo("1264"), "64 px header + 3 panels of 400 px");
        string[] texts = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();
        Assert.That(texts, Is.SupersetOf(new[] { "entropy", "env steps per second", "wall time (s)" }));
        Assert.That(texts, Does.Contain("seed 1; smoothed: trailing mean of 3 updates"));
    }

    [Test]
    public void Plot_SameEnvDifferentLearningRates_KeepsGroupsApartAndNamesTheDifference()
    {
        string a = WriteRun("a", "graph-nav", 1, 3e-4f), b = WriteRun("b", "graph-nav", 1, 1e-3f);
        string output = Path.Combine(_dir, "lr.svg");

        CliOutcome outcome = CliRunner.Run("plot", a, b, "--out", output);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] texts = XDocument.Load(output).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();
        Assert.That(texts, Is.SupersetOf(new[] { "graph-nav learning_rate=0.0003: seed 1", "graph-nav learning_rate=0.001: seed 1" }));
    }

    [Test]
    public void Plot_SameDirectoryTwice_CountsItOnceAndWarns()
    {
        string a = WriteRun("a", "graph-nav", 1);

        CliOutcome outcome = CliRunner.Run("plot", a, a + Path.DirectorySeparatorChar, "--out", Path.Combine(_dir, "twice.png"));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.Contain("1 run(s) in 1 group(s)"));
        Assert.That(outcome.Error, Does.StartWith("ragagent: warning: ").And.Contain("drawn once, not as another seed"));
    }

    [Test]
    public void Plot_CopiesOfOneSeed_WarnThatTheyAreProbablyOneRun()
    {
        CliOutcome outcome = CliRunner.Run("plot", WriteRun("a", "graph-nav", 1), WriteRun("copy", "graph-nav", 1), "--out", Path.Combine(_dir, "copies.png"));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Error, Does.Contain("same env, settings and seed 1"));
    }

    [TestCase("--out", "x.jpg", "--out")]
    [TestCase("--metrics", "mean_return,reward", "--metrics")]
    [TestCase("--smooth", "0", "--smooth")]
    [TestCase("--confidence", "1.5", "--confidence")]
    [TestCase("--x", "time", "--x")]
    public void Plot_BadOption_ExitsTwoWithOneLineNamingIt(string option, string value, string named)
    {
        string run = WriteRun("a", "graph-nav", 1);
        string[] args = option == "--out" ? ["plot", run, "--out", Path.Combine(_dir, value)] : ["plot", run, "--out", Path.Combine(_dir, "p.png"), option, value];

        CliOutcome outcome = CliRunner.Run(args);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain(named));
        Assert.That(outcome.Error, Does.StartWith($"ragagent: {named}: ").And.Not.Contain("   at "), "one line naming the option, no stack trace");
        Assert.That(Directory.GetFiles(_dir), Is.Empty, "nothing written");
    }

    [Test]
    public void Plot_MissingOut_ExitsTwoNamingTheOption()
    {
        CliOutcome outcome = CliRunner.Run("plot", WriteRun("a", "graph-nav", 1));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--out"));
    }

    [Test]
    public void Plot_DirectoryWithoutConfig_ExitsTwoNamingTheFile()
    {
        string empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);

        CliOutcome outcome = CliRunner.Run("plot", empty, "--out", Path.Combine(_dir, "x.svg"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("config.json"));
    }

    [Test]
    public void Plot_OutIsADirectory_ExitsOneWithAnErrorLine()
    {
        string directory = Path.Combine(_dir, "figure.png");
        Directory.CreateDirectory(directory);

        CliOutcome outcome = CliRunner.Run("plot", WriteRun("a", "graph-nav", 1), "--out", directory);

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.Error, Does.StartWith("ragagent: error: "));
    }
}
