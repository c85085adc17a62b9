using System.Text.Json;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>Evaluates a checkpoint trained once for the fixture (cartpole, 1024 steps, about 1 s).</summary>
public sealed class EvalCommandTests
{
    private string _dir = string.Empty;
    private string _checkpoint = string.Empty;

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = Directory.CreateTempSubdirectory("ragagent-eval-").FullName;
        string run = Path.Combine(_dir, "run");
        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "1024", "--out", run);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        _checkpoint = Path.Combine(run, RunFiles.Checkpoint);
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Eval_Checkpoint_PrintsOneJsonObjectWithTheContractKeys()
    {
        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "7", "--seed", "5");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output.Trim().Split('\n'), Has.Length.EqualTo(1), "exactly one line of output");
        JsonElement json = JsonDocument.Parse(outcome.Output).RootElement;
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "episodes", "mean_return", "std_return", "success_rate", "mean_length" }));
        Assert.That(json.GetProperty("episodes").GetInt32(), Is.EqualTo(7));
        Assert.That(json.GetProperty("mean_return").GetDouble(), Is.GreaterThanOrEqualTo(1), "cartpole pays 1 per step");
        Assert.That(json.GetProperty("std_return").GetDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(json.GetProperty("success_rate").ValueKind, Is.EqualTo(JsonValueKind.Null), "cartpole has no notion of success");
        Assert.That(json.GetProperty("mean_length").GetDouble(), Is.EqualTo(json.GetProperty("mean_return").GetDouble()).Within(1e-5), "cartpole pays 1 per step");
    }

    [Test]
    public void Eval_Int8_PrintsTheContractAndIsCloseToFloat()
    {
        CliOutcome float32 = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "5", "--seed", "5", "--deterministic");
        CliOutcome int8 = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "5", "--seed", "5", "--deterministic", "--quantization", "int8", "--min-agreement", "0.9");

        Assert.That(int8.ExitCode, Is.Zero, int8.Error);
        double floatReturn = JsonDocument.Parse(float32.Output).RootElement.GetProperty("mean_return").GetDouble();
        double int8Return = JsonDocument.Parse(int8.Output).RootElement.GetProperty("mean_return").GetDouble();
        Assert.That(int8Return, Is.EqualTo(floatReturn).Within(0.25 * floatReturn));
    }

    [TestCase("1.5")]
    [TestCase("-0.1")]
    public void Eval_MinAgreementOutsideZeroToOne_IsAUsageError(string value)
    {
        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--quantization", "int8", "--min-agreement", value);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--min-agreement"));
    }

    [Test]
    public void Eval_PerGoal_AddsOneRowPerTaskIdSummingToTheEpisodes()
    {
        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "5", "--per-goal");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        JsonElement json = JsonDocument.Parse(outcome.Output).RootElement;
        JsonElement goal = json.GetProperty("per_goal").EnumerateArray().Single();
        Assert.That(goal.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "task_id", "episodes", "mean_return", "mean_length", "success_rate" }));
        Assert.That(goal.GetProperty("episodes").GetInt32(), Is.EqualTo(5));
        Assert.That(goal.GetProperty("mean_return").GetDouble(), Is.EqualTo(json.GetProperty("mean_return").GetDouble()));
        Assert.That(goal.GetProperty("success_rate").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Eval_SameSeed_GivesTheSameResult()
    {
        CliOutcome first = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "3", "--seed", "9");
        CliOutcome second = CliRunner.Run("eval", "--checkpoint", _checkpoint, "--episodes", "3", "--seed", "9");

        Assert.That(second.Output, Is.EqualTo(first.Output));
    }

    [TestCase("--episodes", "0")]
    [TestCase("--episodes", "many")]
    [TestCase("--goals", "tomorrow")]
    public void Eval_BadValue_ExitsTwoNamingTheOption(string option, string value)
    {
        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", _checkpoint, option, value);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain(option));
    }

    [Test]
    public void Eval_CorruptCheckpoint_ExitsTwoNamingTheOption()
    {
        string corrupt = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", corrupt);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --checkpoint: "));
    }

    [Test]
    public void Eval_MissingCheckpoint_ExitsTwo()
    {
        CliOutcome outcome = CliRunner.Run("eval", "--checkpoint", Path.Combine(_dir, "none.safetensors"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("does not exist"));
    }
}
