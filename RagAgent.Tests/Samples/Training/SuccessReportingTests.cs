using RagAgent.Envs.Abstractions;
using RagAgent.Samples.Training;

namespace RagAgent.Tests.Samples.Training;

/// <summary>The train output reports a success rate only for envs whose spec has a notion of success.</summary>
public sealed class SuccessReportingTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-success-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("cartpole", false)]
    [TestCase("graph-nav", true)]
    public void Train_ProgressAndSummary_ShowSuccessOnlyWhenTheEnvHasIt(string env, bool expected)
    {
        CliOutcome outcome = CliRunner.Run("train", "--env", env, "--envs", "2", "--num-steps", "64", "--steps", "1024", "--out", Path.Combine(_dir, env));

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] progress = outcome.Output.Split('\n').Where(l => l.StartsWith($"[{env}] step", StringComparison.Ordinal)).ToArray();
        string summary = outcome.Output.Split('\n').Single(l => l.StartsWith("done: ", StringComparison.Ordinal));
        Assert.That(progress, Is.Not.Empty);
        Assert.That(progress.Append(summary).Select(l => l.Contains("success", StringComparison.Ordinal)), Is.All.EqualTo(expected), outcome.Output);
    }

    [Test]
    public void SuccessNotion_SpecDeclaringNoSuccess_StaysUndefinedEvenForAGoalConditionedEnvThatReportsOne()
    {
        var notion = new SuccessNotion(new EnvSpec { Id = "nav", NumTasks = 3, MaxNodes = 3, NodeVocabSize = 3, ActionsPerNode = 1, HasSuccess = false });

        Assert.That(notion.Filter(0.5f), Is.NaN);
        Assert.That(notion.IsDefined, Is.False);
    }
}
