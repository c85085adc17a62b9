using System.Text.Json;
using CustomEnv;
using RagAgent.Core.Training;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Cli;

/// <summary><c>--env-arg key=value</c> on train and eval: parsed, checked by the env, recorded in config.json.</summary>
public sealed class EnvArgOptionTests
{
    private static readonly string[] Small = ["--envs", "2", "--num-steps", "32", "--steps", "64"];
    private string _dir = string.Empty;

    private static string PluginPath => typeof(RoomBookingEnv).Assembly.Location;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-envarg-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Parse_PairsAndBaseline_GivenPairsOverride()
    {
        IReadOnlyDictionary<string, string> args = EnvArgOption.Parse(["rooms=12", "mode = fast"], new Dictionary<string, string> { ["rooms"] = "3", ["kept"] = "1" });
        Assert.That(args, Is.EquivalentTo(new Dictionary<string, string> { ["rooms"] = "12", ["mode"] = "fast", ["kept"] = "1" }));
    }

    [TestCase("rooms", "'rooms' is not KEY=VALUE")]
    [TestCase("=3", "'=3' is not KEY=VALUE")]
    public void Parse_NotAPair_ThrowsNamingTheOption(string pair, string expected) =>
        Assert.That(() => EnvArgOption.Parse([pair]), Throws.TypeOf<UsageException>().With.Message.EqualTo($"--env-arg: {expected}."));

    [Test]
    public void Parse_KeyTwice_Throws() =>
        Assert.That(() => EnvArgOption.Parse(["rooms=1", "rooms=2"]), Throws.TypeOf<UsageException>().With.Message.Contains("'rooms' is given twice"));

    [Test]
    public void Train_PluginEnvArgument_ShapesTheEnvIsRecordedAndEvalReusesIt()
    {
        string run = Path.Combine(_dir, "rooms3");

        CliOutcome train = CliRunner.Run([.. (string[])["train", "--plugin", PluginPath, "--env", RoomBookingEnv.Id, "--env-arg", "rooms=3", "--out", run], .. Small]);

        Assert.That(train.ExitCode, Is.Zero, train.Error);
        using (JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunFiles.Config))))
        {
            JsonElement args = config.RootElement.GetProperty("env_options").GetProperty("args");
            Assert.That(args.GetProperty("rooms").GetString(), Is.EqualTo("3"));
        }

        string checkpoint = Path.Combine(run, RunFiles.Checkpoint);
        Assert.That(CheckpointFile.Load(checkpoint).Manifest.Spec.MaxNodes, Is.EqualTo(3));
        CliOutcome eval = CliRunner.Run("eval", "--checkpoint", checkpoint, "--episodes", "3");
        Assert.That(eval.ExitCode, Is.Zero, eval.Error);

        CliOutcome otherShape = CliRunner.Run("eval", "--checkpoint", checkpoint, "--episodes", "3", "--env-arg", "rooms=5");
        Assert.That(otherShape.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(otherShape.Error, Does.Contain("MaxNodes is 5, expected 3"));
    }

    [TestCase("room=3", "--env-arg: Env 'room-booking' has no argument 'room'; it takes: rooms.")]
    [TestCase("rooms=three", "--env-arg: Env 'room-booking': argument 'rooms' is 'three'; expected an integer.")]
    [TestCase("rooms=40", "--env-arg: Env 'room-booking': argument 'rooms' is '40'; expected an integer in [1, 16].")]
    public void Train_BadEnvArgument_IsAOneLineUsageErrorBeforeTraining(string pair, string expected)
    {
        string run = Path.Combine(_dir, "bad");

        CliOutcome outcome = CliRunner.Run([.. (string[])["train", "--plugin", PluginPath, "--env", RoomBookingEnv.Id, "--env-arg", pair, "--out", run], .. Small]);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], Is.EqualTo($"ragagent: {expected}"));
        Assert.That(File.Exists(Path.Combine(run, RunFiles.Progress)), Is.False, "nothing trained");
    }

    [Test]
    public void Train_BuiltInEnvWithoutArguments_RejectsAnyKey()
    {
        CliOutcome outcome = CliRunner.Run([.. (string[])["train", "--env", "cartpole", "--env-arg", "gravity=3", "--out", Path.Combine(_dir, "c")], .. Small]);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.Contain("Env 'cartpole' has no argument 'gravity'; it takes no arguments."));
    }
}
