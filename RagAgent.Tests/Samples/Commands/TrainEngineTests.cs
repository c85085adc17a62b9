using RagAgent.Samples.Cli;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>
/// <c>train --engine</c> and <c>--device</c> in the default build, which has TorchSharp's managed bindings but no
/// libtorch: the torch engine fails with one line naming the package to add, before anything is written.
/// (RagAgent.TorchSharp.Tests runs the torch engine through the CLI with libtorch present.)
/// </summary>
public sealed class TrainEngineTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-engine-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_TorchEngineWithoutLibtorch_ExitsTwoWithOneLineNamingThePackage()
    {
        string run = Path.Combine(_dir, "torch");

        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--engine", "torch", "--steps", "2048", "--out", run);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --engine: torch: ").And.Contains("libtorch-cpu-linux-x64").And.Contains("TorchBackend"));
        Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace or TorchSharp trace");
        Assert.That(outcome.Output, Is.Empty);
        Assert.That(Directory.Exists(run), Is.False, "nothing written");
        Assert.That(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")), Is.False, "TorchSharp did not copy libtorch from the NuGet cache");
    }

    [Test]
    public void Train_DeviceWithTheManagedEngine_ExitsTwoNamingTheOption()
    {
        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--device", "cuda", "--steps", "2048", "--out", Path.Combine(_dir, "managed"));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --device: applies to --engine torch only"));
    }

    [Test]
    public void Train_UnknownEngine_ExitsTwoListingTheChoices()
    {
        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--engine", "tensorflow", "--out", Path.Combine(_dir, "tf"));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(outcome.Error, Does.Contain("--engine").And.Contains("managed").And.Contains("torch"));
    }
}
