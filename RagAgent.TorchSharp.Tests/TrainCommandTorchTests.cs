using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Samples.Cli;

namespace RagAgent.TorchSharp.Tests;

/// <summary><c>ragagent train --engine torch</c> in-process with libtorch present; the checkpoint serves the managed engine unchanged.</summary>
public sealed class TrainCommandTorchTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-torch-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_TorchEngine_WritesTheRunAndACheckpointTheManagedEngineLoads()
    {
        string run = Path.Combine(_dir, "run");
        (int exit, string output, string error) = Run("train", "--env", "cartpole", "--engine", "torch", "--device", "cpu", "--steps", "1024",
            "--envs", "2", "--num-steps", "64", "--tensorboard", "false", "--out", run);

        Assert.That(exit, Is.Zero, error);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"engine\": \"torch\"").And.Contains("\"device\": \"cpu\""));
        CheckpointContent checkpoint = CheckpointFile.Load(Path.Combine(run, "policy.safetensors"));
        Assert.That(checkpoint.Manifest.TrainingSteps, Is.EqualTo(1024));
        Assert.That(() => PolicyFactory.FromCheckpoint(checkpoint), Throws.Nothing, output);

        (int evalExit, string evalOutput, string evalError) = Run("eval", "--checkpoint", Path.Combine(run, "policy.safetensors"), "--episodes", "2");
        Assert.That(evalExit, Is.Zero, evalError);
        Assert.That(evalOutput, Does.Contain("mean_return"));
    }

    [Test]
    public void Train_ConfigOfATorchRun_RepeatsItOnTheTorchEngineBitForBit()
    {
        string first = Path.Combine(_dir, "first");
        string again = Path.Combine(_dir, "again");
        string[] small = ["--steps", "512", "--envs", "2", "--num-steps", "64", "--tensorboard", "false"];
        Assert.That(Run(["train", "--env", "cartpole", "--engine", "torch", "--out", first, .. small]).Exit, Is.Zero);

        (int exit, _, string error) = Run("train", "--config", Path.Combine(first, "config.json"), "--out", again);

        Assert.That(exit, Is.Zero, error);
        Assert.That(File.ReadAllText(Path.Combine(again, "config.json")), Does.Contain("\"engine\": \"torch\""));
        Assert.That(CheckpointFile.Load(Path.Combine(again, "policy.safetensors")).Weights.SelectMany(t => t.Data),
            Is.EqualTo(CheckpointFile.Load(Path.Combine(first, "policy.safetensors")).Weights.SelectMany(t => t.Data)));
    }

    [Test]
    public void Train_TorchEngineOnAMissingCudaDevice_ExitsTwoNamingTheDevice()
    {
        Assume.That(global::TorchSharp.torch.cuda.is_available(), Is.False, "this machine has a GPU");
        (int exit, _, string error) = Run("train", "--env", "cartpole", "--engine", "torch", "--device", "cuda:0", "--steps", "1024", "--out", Path.Combine(_dir, "cuda"));

        Assert.That(exit, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error, Does.StartWith("ragagent: --device: device 'cuda:0'"));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = CommandLineApp.Run(args, new CliContext(output, error, Interactive: false, CancellationToken.None));
        return (exit, output.ToString(), error.ToString());
    }
}
