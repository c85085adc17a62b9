using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Training;

public sealed class CheckpointFileTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-ckpt").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static CheckpointContent Sample() => new(
        new CheckpointManifest
        {
            Policy = new PolicyOptions { Architecture = PolicyArchitecture.Mlp },
            Spec = new EnvSpec { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2, MaxEpisodeSteps = 500 },
            TrainingSteps = 1234,
            Metrics = new Dictionary<string, double> { ["mean_return"] = 87.5 },
        },
        [new NamedTensor("actor.0.weight", [2, 2], [1f, 2f, 3f, 4f])],
        new StateDict(new Dictionary<string, long> { ["step"] = 7 }, [StateTensor.Float32("exp_avg.w", [0.5f])]),
        new StateDict(new Dictionary<string, long> { ["global_step"] = 1234 }, [StateTensor.UInt8("env_snapshot", [1, 2, 255])]));

    [Test]
    public void SaveThenLoad_RoundTripsManifestWeightsAndState()
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample());
        CheckpointContent loaded = CheckpointFile.Load(path);

        Assert.That(loaded.Manifest.Spec, Is.EqualTo(Sample().Manifest.Spec));
        Assert.That(loaded.Manifest.TrainingSteps, Is.EqualTo(1234));
        Assert.That(loaded.Manifest.Metrics["mean_return"], Is.EqualTo(87.5));
        Assert.That(loaded.Manifest.WeightsSha256, Has.Length.EqualTo(64));
        Assert.That(loaded.Weights.Single().Name, Is.EqualTo("actor.0.weight"));
        Assert.That(loaded.Weights.Single().Data, Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        Assert.That(loaded.OptimizerState!.Counters["step"], Is.EqualTo(7));
        Assert.That(loaded.OptimizerState!.Tensors.Single().ToFloat32(), Is.EqualTo(new[] { 0.5f }));
        Assert.That(loaded.TrainerState!.Counters["global_step"], Is.EqualTo(1234));
        Assert.That(loaded.TrainerState!.Tensor("env_snapshot", "test").DType, Is.EqualTo(TensorDType.U8));
        Assert.That(loaded.TrainerState!.Tensor("env_snapshot", "test").ToUInt8(), Is.EqualTo(new byte[] { 1, 2, 255 }));
    }

    [Test]
    public void Load_FlippedWeightByte_ThrowsHashMismatch()
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        bytes[8 + headerLength + 1] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.That(error!.Message, Does.Contain("SHA-256"));
    }

    [Test]
    public void Load_FlippedTrainerStateByte_ThrowsContentHashMismatch()
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01; // the last byte of the trainer's env_snapshot
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.That(error!.Message, Does.Contain("content SHA-256").And.Contain("trainer"));
    }

    [Test]
    public void Load_EditedManifest_ThrowsContentHashMismatch()
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf("1234", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0));
        bytes[at + 3] = (byte)'5'; // TrainingSteps 1234 -> 1235, same length
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.That(error!.Message, Does.Contain("content SHA-256"));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void Load_NonFiniteWeightWithValidHashes_ThrowsNamingTheTensor(float bad)
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample() with { Weights = [new NamedTensor("actor.0.weight", [2, 2], [1f, bad, 3f, 4f])] });

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.That(error!.Message, Does.Contain("'actor.0.weight'[1]").And.Contain("finite"));
    }

    [Test]
    public void Save_WriterFails_KeepsPreviousFile()
    {
        string path = Path.Combine(_dir, "policy.safetensors");
        CheckpointFile.Save(path, Sample());
        byte[] before = File.ReadAllBytes(path);
        var bad = Sample() with { Weights = [new NamedTensor("w", [3], [1f])] };

        Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, bad));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "no temp file left behind");
    }
}
