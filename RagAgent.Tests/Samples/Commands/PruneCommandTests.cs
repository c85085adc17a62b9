using System.Text.Json;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>Prunes a cartpole (mlp) checkpoint trained once for the fixture (512 steps).</summary>
public sealed class PruneCommandTests
{
    private string _dir = string.Empty;
    private string _checkpoint = string.Empty;

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = Directory.CreateTempSubdirectory("ragagent-prune-").FullName;
        string run = Path.Combine(_dir, "run");
        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "512", "--out", run);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        _checkpoint = Path.Combine(run, RunFiles.Checkpoint);
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Prune_WritesASmallerCheckpointThatLoadsAndEvaluates()
    {
        CliOutcome outcome = CliRunner.Run("prune", "--checkpoint", _checkpoint, "--hidden", "16,8");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string pruned = Path.Combine(Path.GetDirectoryName(_checkpoint)!, "pruned.safetensors");
        Assert.That(outcome.Output, Does.Contain("wrote " + pruned));
        CheckpointContent content = CheckpointFile.Load(pruned);
        Assert.That(PolicyFactory.FromCheckpoint(content).Options.HiddenSizes, Is.EqualTo(new[] { 16, 8 }));

        CliOutcome eval = CliRunner.Run("eval", "--checkpoint", pruned, "--episodes", "3");
        Assert.That(eval.ExitCode, Is.Zero, eval.Error);
        Assert.That(JsonDocument.Parse(eval.Output).RootElement.GetProperty("episodes").GetInt32(), Is.EqualTo(3));
    }

    [TestCase("8", "--hidden")]
    [TestCase("65,8", "--hidden")]
    [TestCase("8,x", "--hidden")]
    public void Prune_BadHidden_IsOneLineUsageErrorNamingIt(string value, string named)
    {
        CliOutcome outcome = CliRunner.Run("prune", "--checkpoint", _checkpoint, "--hidden", value, "--out", Path.Combine(_dir, "x.safetensors"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(outcome.Error, Does.Contain(named).And.Not.Contain("Parameter '"));
    }

    [Test]
    public void Prune_TaskNodeCheckpoint_IsUsageErrorNamingCheckpoint()
    {
        string run = Path.Combine(_dir, "graph-nav");
        Assert.That(CliRunner.Run("train", "--env", "graph-nav", "--envs", "2", "--num-steps", "64", "--steps", "128", "--out", run).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run("prune", "--checkpoint", Path.Combine(run, RunFiles.Checkpoint), "--hidden", "8,8");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--checkpoint").And.Contain("task-node"));
    }

    [Test]
    public void Distill_InitFromAPrunedCheckpoint_FineTunesThePrunedWeights()
    {
        string pruned = Path.Combine(_dir, "pruned-8-4.safetensors");
        string tuned = Path.Combine(_dir, "tuned.safetensors");
        Assert.That(CliRunner.Run("prune", "--checkpoint", _checkpoint, "--hidden", "8,4", "--out", pruned).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run("distill", "--teacher", _checkpoint, "--init", pruned, "--steps", "512", "--out", tuned);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        CheckpointContent content = CheckpointFile.Load(tuned);
        Assert.That(content.Manifest.Policy.HiddenSizes, Is.EqualTo(new[] { 8, 4 }));
        Assert.That(content.Manifest.WeightsSha256, Is.Not.EqualTo(CheckpointFile.Load(pruned).Manifest.WeightsSha256), "distillation changed the pruned weights");
    }

    [Test]
    public void Distill_InitWithHidden_IsUsageErrorNamingHidden()
    {
        string pruned = Path.Combine(_dir, "pruned-4-4.safetensors");
        Assert.That(CliRunner.Run("prune", "--checkpoint", _checkpoint, "--hidden", "4,4", "--out", pruned).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run("distill", "--teacher", _checkpoint, "--init", pruned, "--hidden", "4,4", "--out", Path.Combine(_dir, "y.safetensors"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--hidden").And.Contain("--init"));
    }
}
