using RagAgent.Core.Training;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>Careless inputs and failures: one clear line, the documented exit code, nothing half-written, no run lost.</summary>
public sealed class TrainFailureTests
{
    private static readonly string[] Small = ["--envs", "2", "--num-steps", "64"];
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-fail-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_TaskNodeArchitectureOnCartPole_ExitsTwoWithOneLineAndWritesNothing()
    {
        string run = Path.Combine(_dir, "task-node");

        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--architecture", "task-node", "--steps", "2048", "--out", run);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --architecture: ").And.Contains("mlp"));
        Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(Directory.Exists(run), Is.False, "no config.json or directory left behind");
    }

    [Test]
    public void Train_HugeStepBudget_ShowsAnEtaAndStopsCleanly()
    {
        string run = Path.Combine(_dir, "huge");
        using var cancellation = new CancellationTokenSource();
        using var output = new CancelOnLineWriter("[cartpole] step", cancellation);
        using var error = new StringWriter();

        int exitCode = CommandLineApp.Run(
            ["train", "--env", "cartpole", .. Small, "--steps", "1000000000000000", "--out", run],
            new CliContext(output, error, Interactive: false, cancellation.Token));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Interrupted), error.ToString());
        Assert.That(output.ToString(), Does.Contain("step 128/1000000000000000"));
        Assert.That(CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint)).Manifest.TrainingSteps, Is.EqualTo(128));
    }

    [Test]
    public void Train_ResumeAFinishedRun_ExitsTwoAndChangesNoFile()
    {
        string run = Path.Combine(_dir, "finished");
        Assert.That(CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "512", "--out", run]).ExitCode, Is.Zero);
        Dictionary<string, byte[]> before = Directory.GetFiles(run).ToDictionary(f => f, File.ReadAllBytes);

        CliOutcome outcome = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --resume: ").And.Contains("finished"));
        Assert.That(Directory.GetFiles(run), Is.EquivalentTo(before.Keys));
        foreach ((string file, byte[] bytes) in before)
        {
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes), file);
        }

        Assert.That(CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint)).Manifest.Metrics, Is.Not.Empty);
    }

    [Test]
    public void Train_RuntimeFailureAfterACheckpoint_OneLineExitOneAndTheCheckpointIsKept()
    {
        string run = Path.Combine(_dir, "broken");
        using var cancellation = new CancellationTokenSource();
        using var output = new CancelOnLineWriter("step 512/", cancellation);
        CommandLineApp.Run(["train", "--env", "cartpole", .. Small, "--steps", "4096", "--out", run], new CliContext(output, TextWriter.Null, Interactive: false, cancellation.Token));
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(run, RunFiles.Checkpoint));
        File.WriteAllText(Path.Combine(run, RunFiles.Episodes), "not,the,header\n");

        CliOutcome outcome = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(outcome.Error, Does.StartWith("ragagent: error: ").And.Contains(RunFiles.Episodes).And.Contains("--resume"));
        Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(File.ReadAllBytes(Path.Combine(run, RunFiles.Checkpoint)), Is.EqualTo(checkpoint));
    }

    [Test]
    public void Train_NewRunFailingBeforeItsFirstCheckpoint_RemovesItsFilesSoAPlainRerunWorks()
    {
        string run = Path.Combine(_dir, "diverged");

        CliOutcome outcome = CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "4096", "--learning-rate", "1e30", "--max-grad-norm", "1e30", "--out", run]);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(outcome.Error, Does.StartWith("ragagent: error: "));
        Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(Directory.Exists(run), Is.False);
        Assert.That(CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "256", "--out", run]).ExitCode, Is.Zero);
    }

    [Test]
    public void Train_DirectoryOfARunKilledBeforeItsFirstCheckpoint_PlainRerunNamesOverwrite()
    {
        string run = Path.Combine(_dir, "killed");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, RunFiles.Config), "{}");
        File.WriteAllText(Path.Combine(run, RunFiles.Progress), ProgressCsv.Header + "\n");

        CliOutcome plain = CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "256", "--out", run]);
        CliOutcome overwritten = CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "256", "--out", run, "--overwrite"]);

        Assert.That(plain.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(plain.Error, Does.Contain("before its first checkpoint").And.Contains("--overwrite"));
        Assert.That(overwritten.ExitCode, Is.Zero, overwritten.Error);
    }

    [Test]
    public void Train_StepsNotAMultipleOfTheBatch_SaysItIsRoundedDown()
    {
        CliOutcome outcome = CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "2000", "--out", Path.Combine(_dir, "rounded")]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Error, Does.Contain("--steps 2000 is not a multiple of the 128 steps per update").And.Contains("15 updates = 1920 steps"));
        Assert.That(outcome.Output, Does.Contain("done: 1920 steps"));
    }

    [Test]
    public void Train_CartPole_ReportsNoSuccessRate()
    {
        string run = Path.Combine(_dir, "cartpole");

        CliOutcome outcome = CliRunner.Run(["train", "--env", "cartpole", .. Small, "--steps", "1024", "--out", run]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.Not.Contain("success"));
        Assert.That(ProgressCsv.Read(Path.Combine(run, RunFiles.Progress)).Select(r => r.SuccessRate), Is.All.NaN);
        Assert.That(File.ReadLines(Path.Combine(run, RunFiles.Episodes)).Skip(1).Select(l => l.Split(',')[4]), Is.All.Empty);
    }

    [Test]
    public void Train_GraphNav_ReportsSuccessAndTaskPerEpisode()
    {
        string run = Path.Combine(_dir, "graph-nav");

        CliOutcome outcome = CliRunner.Run(["train", "--env", "graph-nav", .. Small, "--steps", "1024", "--out", run]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.Contain("success "));
        string[] episodes = File.ReadAllLines(Path.Combine(run, RunFiles.Episodes));
        Assert.That(episodes[0], Is.EqualTo("step,env_index,return,length,success,task_id,wall_s"));
        Assert.That(episodes.Skip(1).Select(l => l.Split(',')[4]), Is.All.EqualTo("0").Or.EqualTo("1"));
        Assert.That(episodes.Skip(1).Select(l => l.Split(',')[5]), Is.All.Not.Empty);
        long lastEpisodes = ProgressCsv.Read(Path.Combine(run, RunFiles.Progress))[^1].Episodes;
        Assert.That(episodes, Has.Length.EqualTo(1 + lastEpisodes), "one row per finished episode");
    }
}
