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
    public void Plot_ThreeSeedsOfOneEnvAndOneOtherRun_DrawsABandAndALegendOfTwo()
    {
        string a1 = WriteRun("a1", "graph-nav", 1), a2 = WriteRun("a2", "graph-nav", 2), a3 = WriteRun("a3", "graph-nav", 3);
        string b = WriteRun("b", "task-select", 1);
        string output = Path.Combine(_dir, "out", "compare.svg");

        CliOutcome outcome = CliRunner.Run("plot", a1, a2, a3, b, "--out", output);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        XDocument doc = XDocument.Load(output);
        string[] legend = doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-label").Select(t => t.Value).ToArray();
        Assert.That(legend, Is.EqualTo(new[] { "graph-nav (3 seeds)", "task-select (seed 1)" }));
        Assert.That(doc.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "band"), Is.EqualTo(1));
    }

    [Test]
    public void Plot_SameEnvDifferentLearningRates_KeepsGroupsApartAndNamesTheDifference()
    {
        string a = WriteRun("a", "graph-nav", 1, 3e-4f), b = WriteRun("b", "graph-nav", 1, 1e-3f);
        string output = Path.Combine(_dir, "lr.svg");

        CliOutcome outcome = CliRunner.Run("plot", a, b, "--out", output);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] legend = XDocument.Load(output).Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("class") == "legend-label").Select(t => t.Value).ToArray();
        Assert.That(legend, Is.EqualTo(new[] { "graph-nav learning_rate=0.0003 (seed 1)", "graph-nav learning_rate=0.001 (seed 1)" }));
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
        CliOutcome outcome = CliRunner.Run("plot", WriteRun("a", "graph-nav", 1), "--out", _dir);

        Assert.That(outcome.ExitCode, Is.EqualTo(1));
        Assert.That(outcome.Error, Does.StartWith("ragagent: error: "));
    }
}
