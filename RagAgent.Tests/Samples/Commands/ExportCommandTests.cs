using Microsoft.ML.OnnxRuntime;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Onnx;

namespace RagAgent.Tests.Samples.Commands;

internal sealed class ExportCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-export").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Export_Checkpoint_WritesAModelOnnxRuntimeLoads()
    {
        IActorCritic policy = PolicyFactory.Create(EnvRegistry.CreateDefault().GetSpec("graph-nav"), new PolicyOptions(), seed: 1);
        string checkpoint = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(checkpoint, new CheckpointContent(new CheckpointManifest { Policy = policy.Options, Spec = policy.Spec }, policy.ExportWeights()));
        string model = Path.Combine(_dir, "policy.onnx");

        CliOutcome outcome = CliRunner.Run("export", "--checkpoint", checkpoint, "--format", "onnx", "--out", model);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Output, Does.StartWith($"wrote {model}: ONNX opset {OnnxExporter.Opset}, task-node policy for 'graph-nav'"));
        using var session = new InferenceSession(model);
        Assert.That(session.OutputMetadata.Keys, Is.EqualTo(new[] { OnnxExporter.ProbabilitiesOutput, OnnxExporter.ValueOutput }));
        Assert.That(session.InputMetadata.Keys, Is.EqualTo(OnnxExporter.InputNames(policy.Spec)));
    }

    [Test]
    public void Export_MalformedCheckpoint_ExitsTwoWithOneLineNamingTheOption()
    {
        string corrupt = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        string model = Path.Combine(_dir, "out.onnx");

        CliOutcome outcome = CliRunner.Run("export", "--checkpoint", corrupt, "--out", model);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --checkpoint: "));
        Assert.That(outcome.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void Export_OutputDirectoryMissing_ExitsTwoNamingOut()
    {
        IActorCritic policy = PolicyFactory.Create(EnvRegistry.CreateDefault().GetSpec("cartpole"), new PolicyOptions(), seed: 1);
        string checkpoint = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(checkpoint, new CheckpointContent(new CheckpointManifest { Policy = policy.Options, Spec = policy.Spec }, policy.ExportWeights()));

        CliOutcome outcome = CliRunner.Run("export", "--checkpoint", checkpoint, "--out", Path.Combine(_dir, "missing", "policy.onnx"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --out: "));
    }

    [Test]
    public void Export_UnknownFormat_ExitsTwoNamingTheOption()
    {
        CliOutcome outcome = CliRunner.Run("export", "--checkpoint", Path.Combine(_dir, "x.safetensors"), "--format", "tflite", "--out", Path.Combine(_dir, "x"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("--format"));
    }
}
