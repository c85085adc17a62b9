using RagAgent.Core.Policies;
using System.Text.Json;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary><c>train --config FILE</c> and evaluation during training (<c>--eval-every</c>).</summary>
public sealed class TrainConfigAndEvalTests
{
    private static readonly string[] Small = ["--envs", "2", "--num-steps", "64", "--steps", "1024"];
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-config-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_ConfigOfAnEarlierRun_RecordsResolvedValuesAndRepeatsTheRun()
    {
        string first = Path.Combine(_dir, "first");
        string again = Path.Combine(_dir, "again");
        Assert.That(CliRunner.Run(["train", "--env", "graph-nav", "--seed", "4", .. Small, "--out", first]).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run("train", "--config", Path.Combine(first, RunFiles.Config), "--out", again);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        RunConfig config = RunConfig.Read(Path.Combine(first, RunFiles.Config));
        Assert.That(config.EnvOptions.MaxNodes, Is.EqualTo(16), "graph-nav's resolved node count, not null");
        Assert.That(config.EnvOptions.MaxEpisodeSteps, Is.Not.Null);
        Assert.That(config.Policy.Architecture, Is.EqualTo(PolicyArchitecture.TaskNode), "what auto chose");
        Assert.That(WithoutTiming(Path.Combine(again, RunFiles.Progress)), Is.EqualTo(WithoutTiming(Path.Combine(first, RunFiles.Progress))));
        Assert.That(RunConfig.Read(Path.Combine(again, RunFiles.Config)).Seed, Is.EqualTo(4));
    }

    [Test]
    public void Train_ConfigFileAndFlags_FlagsOverrideTheFileAndTheFileOverridesThePreset()
    {
        string file = Path.Combine(_dir, "hp.json");
        File.WriteAllText(file, """{"env": "cartpole", "steps": 512, "preset": "cartpole-zoo", "ppo": {"learning_rate": 0.002, "num_envs": 2}, "checkpoint_every": 256}""");
        string run = Path.Combine(_dir, "run");

        CliOutcome outcome = CliRunner.Run("train", "--config", file, "--num-steps", "64", "--out", run);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        RunConfig config = RunConfig.Read(Path.Combine(run, RunFiles.Config));
        Assert.That(config.Ppo.LearningRate, Is.EqualTo(0.002f), "from the file");
        Assert.That(config.Ppo.NumSteps, Is.EqualTo(64), "from the flag");
        Assert.That(config.Ppo.UpdateEpochs, Is.EqualTo(20), "from the file's preset");
        Assert.That(config.Steps, Is.EqualTo(512));
        Assert.That(config.CheckpointEvery, Is.EqualTo(256));
    }

    [TestCase("""{"env": "cartpole", "learning_rate": 0.1}""", "learning_rate")]
    [TestCase("""{"env": "cartpole", "ppo": {"learnig_rate": 0.1}}""", "learnig_rate")]
    [TestCase("""{"env": "cartpole", "ppo": {"learning_rate": -1}}""", "--learning-rate")]
    [TestCase("""[1, 2]""", "--config")]
    public void Train_BadConfigFile_ExitsTwoNamingTheKey(string json, string named)
    {
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, json);

        CliOutcome outcome = CliRunner.Run("train", "--config", file, "--out", Path.Combine(_dir, "bad"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain(named));
        Assert.That(Directory.Exists(Path.Combine(_dir, "bad")), Is.False);
    }

    [Test]
    public void Train_EvalEvery_WritesEvalCsvAndBestCheckpointWithoutChangingTraining()
    {
        string plain = Path.Combine(_dir, "plain");
        string evaluated = Path.Combine(_dir, "evaluated");
        Assert.That(CliRunner.Run(["train", "--env", "graph-nav", .. Small, "--out", plain]).ExitCode, Is.Zero);

        CliOutcome outcome = CliRunner.Run(["train", "--env", "graph-nav", .. Small, "--eval-every", "256", "--eval-episodes", "5", "--out", evaluated]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.Contain("held-out goals"));
        string[] rows = File.ReadAllLines(Path.Combine(evaluated, RunFiles.Evaluations));
        Assert.That(rows[0], Is.EqualTo("step,episodes,mean_return,std_return,mean_length,success_rate"));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(new[] { "256", "512", "768", "1024" }));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[1]), Is.All.EqualTo("5"));
        double best = rows.Skip(1).Max(r => double.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        CheckpointContent bestCheckpoint = CheckpointFile.Load(Path.Combine(evaluated, RunFiles.BestCheckpoint));
        string bestStep = rows.Skip(1).First(r => double.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) == best).Split(',')[0];
        Assert.That(bestCheckpoint.Manifest.TrainingSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(bestStep));
        Assert.That(WithoutTiming(Path.Combine(evaluated, RunFiles.Progress)), Is.EqualTo(WithoutTiming(Path.Combine(plain, RunFiles.Progress))));
    }

    private static string[] WithoutTiming(string progressPath) =>
        File.ReadAllLines(progressPath).Select(line => string.Join(',', line.Split(',').Where((_, i) => i is not (10 or 11)))).ToArray();
}
