using System.Text.Json;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>Distils a graph-nav (task-node) checkpoint trained once for the fixture (1024 steps).</summary>
public sealed class DistillCommandTests
{
    private string _dir = string.Empty;
    private string _teacher = string.Empty;

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = Directory.CreateTempSubdirectory("ragagent-distill-").FullName;
        string run = Path.Combine(_dir, "run");
        CliOutcome outcome = CliRunner.Run("train", "--env", "graph-nav", "--envs", "2", "--num-steps", "64", "--steps", "1024", "--out", run);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        _teacher = Path.Combine(run, RunFiles.Checkpoint);
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Distill_WritesASmallerCheckpointThatLoadsAndEvaluates()
    {
        CliOutcome outcome = CliRunner.Run("distill", "--teacher", _teacher, "--hidden", "16", "--steps", "1024");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string student = Path.Combine(Path.GetDirectoryName(_teacher)!, "student.safetensors");
        Assert.That(outcome.Output, Does.Contain("wrote " + student));
        CheckpointContent content = CheckpointFile.Load(student);
        Assert.That(content.Manifest.Policy.HiddenSizes, Is.EqualTo(new[] { 16 }));
        Assert.That(content.Manifest.TrainingSteps, Is.GreaterThanOrEqualTo(1024));
        long teacherParameters = CheckpointFile.Load(_teacher).Weights.Sum(w => (long)w.Data.Length);
        Assert.That(content.Weights.Sum(w => (long)w.Data.Length), Is.LessThan(teacherParameters));
        Assert.That(PolicyFactory.FromCheckpoint(content).Options.HiddenSizes, Is.EqualTo(new[] { 16 }));

        CliOutcome eval = CliRunner.Run("eval", "--checkpoint", student, "--episodes", "4");
        Assert.That(eval.ExitCode, Is.Zero, eval.Error);
        Assert.That(JsonDocument.Parse(eval.Output).RootElement.GetProperty("episodes").GetInt32(), Is.EqualTo(4));
    }

    [Test]
    public void Distill_SameSeedTwice_GivesTheSameWeights()
    {
        string first = Path.Combine(_dir, "a.safetensors");
        string second = Path.Combine(_dir, "b.safetensors");
        Assert.That(CliRunner.Run("distill", "--teacher", _teacher, "--steps", "512", "--seed", "4", "--out", first).ExitCode, Is.Zero);
        Assert.That(CliRunner.Run("distill", "--teacher", _teacher, "--steps", "512", "--seed", "4", "--out", second).ExitCode, Is.Zero);
        Assert.That(CheckpointFile.Load(second).Manifest.WeightsSha256, Is.EqualTo(CheckpointFile.Load(first).Manifest.WeightsSha256));
    }

    [TestCase("--hidden", "32,x", "--hidden")]
    [TestCase("--hidden", "0", "--hidden")]
    [TestCase("--steps", "0", "--steps")]
    [TestCase("--teacher-fraction", "2", "--teacher-fraction")]
    public void Distill_BadOption_IsOneLineUsageErrorNamingIt(string option, string value, string named)
    {
        CliOutcome outcome = CliRunner.Run("distill", "--teacher", _teacher, option, value);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(outcome.Error, Does.Contain(named));
    }

    [Test]
    public void Distill_MissingTeacher_IsUsageErrorNamingTeacher()
    {
        CliOutcome outcome = CliRunner.Run("distill", "--teacher", Path.Combine(_dir, "none.safetensors"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--teacher"));
    }
}
