using System.Text.Json;
using System.Xml.Linq;
using CustomEnv;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>Short real training runs through the CLI (cartpole: about 1 s each on 2 cores).</summary>
public sealed class TrainCommandTests
{
    private static readonly string[] Small = ["--envs", "2", "--num-steps", "64", "--steps", "2048"];
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-train-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_ShortRun_WritesCsvConfigCurveAndLoadableCheckpoint()
    {
        string run = Path.Combine(_dir, "cartpole");

        CliOutcome outcome = CliRunner.Run([.. (string[])["train", "--env", "cartpole", "--seed", "3", "--out", run], .. Small]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] csv = File.ReadAllLines(Path.Combine(run, RunFiles.Progress));
        Assert.That(csv[0], Does.StartWith("step,episodes,mean_return,mean_length,success_rate,policy_loss,value_loss,entropy,approx_kl,clip_fraction,sps,wall_s"));
        Assert.That(csv, Has.Length.EqualTo(1 + 16), "2048 steps / (2 envs x 64 steps) = 16 updates");
        Assert.That(ProgressCsv.Read(Path.Combine(run, RunFiles.Progress)).Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, 16).Select(u => u * 128L)));

        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunFiles.Config)));
        Assert.That(config.RootElement.GetProperty("env").GetString(), Is.EqualTo("cartpole"));
        Assert.That(config.RootElement.GetProperty("seed").GetInt32(), Is.EqualTo(3));
        Assert.That(config.RootElement.GetProperty("ppo").GetProperty("num_envs").GetInt32(), Is.EqualTo(2));
        Assert.That(config.RootElement.GetProperty("ppo").GetProperty("learning_rate").GetSingle(), Is.EqualTo(2.5e-4f));
        Assert.That(config.RootElement.GetProperty("library_version").GetString(), Is.Not.Empty);

        XDocument curve = XDocument.Load(Path.Combine(run, RunFiles.RewardCurve));
        Assert.That(curve.Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(curve.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()), Is.SupersetOf(new[] { "cartpole", "seed 3" }));

        CheckpointContent checkpoint = CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint));
        Assert.That(checkpoint.Manifest.TrainingSteps, Is.EqualTo(2048));
        Assert.That(checkpoint.Manifest.EnvId, Is.EqualTo("cartpole"));
    }

    [Test]
    public void Train_Interactive_RunsUnderTheLiveProgressDisplayAndWritesTheRun()
    {
        string run = Path.Combine(_dir, "live");
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = RagAgent.Samples.Cli.CommandLineApp.Run(
            ["train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "512", "--out", run],
            new RagAgent.Samples.Cli.CliContext(output, error, Interactive: true, CancellationToken.None));

        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(output.ToString(), Does.Contain("done: 512 steps"));
        Assert.That(ProgressCsv.Read(Path.Combine(run, RunFiles.Progress)), Has.Count.EqualTo(4));
    }

    [Test]
    public void Train_PresetAndExplicitOption_ExplicitOptionWinsAndPresetKeepsTheRest()
    {
        string run = Path.Combine(_dir, "zoo");

        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--preset", "cartpole-zoo", "--learning-rate", "0.005", "--steps", "256", "--out", run);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        RunConfig config = RunConfig.Read(Path.Combine(run, RunFiles.Config));
        Assert.That(config.Ppo.LearningRate, Is.EqualTo(0.005f));
        Assert.That(config.Ppo.NumEnvs, Is.EqualTo(8), "from the preset");
        Assert.That(config.Ppo.UpdateEpochs, Is.EqualTo(20), "from the preset");
        Assert.That(config.Preset, Is.EqualTo("cartpole-zoo"));
    }

    [Test]
    public void Help_ListsEveryPpoHyperparameterWithItsDefault()
    {
        CliOutcome outcome = CliRunner.Run("train", "--help");

        Assert.That(outcome.ExitCode, Is.Zero);
        var defaults = new RagAgent.Core.Algorithms.Ppo.PpoOptions();
        foreach (System.Reflection.PropertyInfo property in typeof(RagAgent.Core.Algorithms.Ppo.PpoOptions).GetProperties().Where(p => p.SetMethod is { IsPublic: true }))
        {
            string name = property.Name == "NumEnvs" ? "--envs" : "--" + RagAgent.Samples.Cli.RecordOptionSet<RagAgent.Core.Algorithms.Ppo.PpoOptions>.KebabCase(property.Name);
            string line = outcome.Output.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal)) ?? string.Empty;
            Assert.That(line, Does.Contain("[default: "), $"{property.Name} as {name}");
            object? value = property.GetValue(defaults);
            if (value is int or float)
            {
                Assert.That(line, Does.Contain($"[default: {Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture)}]"), name);
            }
        }
    }

    [TestCase("--steps", "0")]
    [TestCase("--steps", "abc")]
    [TestCase("--steps", "100")]
    [TestCase("--learning-rate", "-1")]
    [TestCase("--gamma", "abc")]
    [TestCase("--envs", "0")]
    [TestCase("--num-minibatches", "3")]
    [TestCase("--hidden-sizes", "64,x")]
    [TestCase("--hidden-sizes", "0")]
    [TestCase("--activation", "sigmoid")]
    [TestCase("--goals", "some")]
    [TestCase("--preset", "fast")]
    [TestCase("--env", "no-such-env")]
    public void Train_BadValue_ExitsTwoWithAMessageNamingTheOption(string option, string value)
    {
        string[] args = option == "--env"
            ? ["train", "--env", value, "--out", Path.Combine(_dir, "bad")]
            : ["train", "--env", "cartpole", option, value, "--out", Path.Combine(_dir, "bad")];

        CliOutcome outcome = CliRunner.Run(args);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: " + option + ":").Or.Contains(option));
        Assert.That(File.Exists(Path.Combine(_dir, "bad", RunFiles.Progress)), Is.False, "nothing was trained");
    }

    [Test]
    public void Train_ExistingRunWithoutResumeOrOverwrite_ExitsTwo()
    {
        string run = Path.Combine(_dir, "twice");
        Assert.That(CliRunner.Run("train", "--env", "cartpole", "--steps", "512", "--out", run).ExitCode, Is.Zero);

        CliOutcome again = CliRunner.Run("train", "--env", "cartpole", "--steps", "512", "--out", run);

        Assert.That(again.ExitCode, Is.EqualTo(2));
        Assert.That(again.Error, Does.Contain("--resume").And.Contains("--overwrite"));
    }

    [Test]
    public void Train_CtrlCThenResume_SavesALoadableCheckpointAndContinuesTheCsv()
    {
        string run = Path.Combine(_dir, "stopped");
        using var cancellation = new CancellationTokenSource();

        // Plain progress prints a line every 5 %; "Ctrl+C" once training passes step 1024 of 4096.
        using var output = new CancelOnLineWriter("step 1024/4096", cancellation);
        using var error = new StringWriter();
        int exitCode = RagAgent.Samples.Cli.CommandLineApp.Run(
            ["train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "4096", "--out", run],
            new RagAgent.Samples.Cli.CliContext(output, error, Interactive: false, cancellation.Token));

        Assert.That(exitCode, Is.EqualTo(130), error.ToString());
        CheckpointContent stopped = CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint));
        Assert.That(stopped.Manifest.TrainingSteps, Is.EqualTo(1024));
        Assert.That(File.Exists(Path.Combine(run, RunFiles.RewardCurve)), Is.True);

        CliOutcome resumed = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint)).Manifest.TrainingSteps, Is.EqualTo(4096));
        Assert.That(ProgressCsv.Read(Path.Combine(run, RunFiles.Progress)).Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, 32).Select(u => u * 128L)));
    }

    [Test]
    public void Train_ResumeWithAChangedSetting_ExitsTwoNamingIt()
    {
        string run = Path.Combine(_dir, "fixed");
        Assert.That(CliRunner.Run("train", "--env", "cartpole", "--steps", "512", "--out", run).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run("train", "--out", run, "--resume", "--learning-rate", "0.1");

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --learning-rate: "));
    }

    [Test]
    public void Train_PluginEnv_TrainsTheTaskNodePolicyAndEvalFindsThePluginInTheRunConfig()
    {
        string run = Path.Combine(_dir, "rooms");
        string plugin = typeof(RoomBookingEnv).Assembly.Location;

        CliOutcome trained = CliRunner.Run([.. (string[])["train", "--plugin", plugin, "--env", "room-booking", "--out", run], .. Small]);
        CliOutcome evaluated = CliRunner.Run("eval", "--checkpoint", Path.Combine(run, RunFiles.Checkpoint), "--episodes", "5");

        Assert.That(trained.ExitCode, Is.Zero, trained.Error);
        Assert.That(trained.Output, Does.Contain("task-node policy"));
        Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Error);
        Assert.That(JsonDocument.Parse(evaluated.Output).RootElement.GetProperty("episodes").GetInt32(), Is.EqualTo(5));
    }
}
