using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.TorchSharp.Tests;

/// <summary>A checkpoint written from either engine loads into the other with the same action probabilities.</summary>
public sealed class CheckpointInterchangeTests
{
    private const int Rows = 48;
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("torch-checkpoint-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void TorchTrainedCheckpoint_LoadsIntoTheManagedEngine_WithTheSameProbabilities(PolicyArchitecture architecture)
    {
        (EnvSpec spec, PolicyOptions options) = Fixture(architecture);
        using TorchActorCritic torch = TorchPolicyFactory.Create(spec, options, seed: 21);
        IPolicyOptimizer adam = torch.CreateOptimizer(new OptimizerOptions());
        Train(torch, adam);
        string path = Save(torch, adam);

        IActorCritic managed = PolicyFactory.FromCheckpoint(CheckpointFile.Load(path));
        AssertSameProbabilities(torch, managed);
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void ManagedTrainedCheckpoint_LoadsIntoTheTorchEngine_WithTheSameProbabilitiesAndOptimizerState(PolicyArchitecture architecture)
    {
        (EnvSpec spec, PolicyOptions options) = Fixture(architecture);
        IActorCritic managed = PolicyFactory.Create(spec, options, seed: 22);
        IPolicyOptimizer adam = managed.CreateOptimizer(new OptimizerOptions());
        Train(managed, adam);
        string path = Save(managed, adam);

        CheckpointContent checkpoint = CheckpointFile.Load(path);
        using TorchActorCritic torch = TorchPolicyFactory.FromCheckpoint(checkpoint);
        Assert.That(torch.GetType().Name, Is.EqualTo("Torch" + managed.GetType().Name));
        AssertSameProbabilities(managed, torch);
        IPolicyOptimizer torchAdam = torch.CreateOptimizer(new OptimizerOptions());
        torchAdam.ImportState(checkpoint.OptimizerState!);
        Assert.That(torchAdam.ExportState().Counters["step"], Is.EqualTo(adam.ExportState().Counters["step"]));
    }

    [Test]
    public void FromCheckpoint_BadDevice_ThrowsNamingTheOption()
    {
        IActorCritic managed = PolicyFactory.Create(ParityFixtures.MlpSpec, ParityFixtures.MlpOptions, seed: 0);
        CheckpointContent checkpoint = CheckpointFile.Load(Save(managed, managed.CreateOptimizer(new OptimizerOptions())));
        Assert.That(() => TorchPolicyFactory.FromCheckpoint(checkpoint, "gpu0"),
            Throws.ArgumentException.With.Message.Contains("device must be cpu, cuda or cuda:N"));
    }

    private static (EnvSpec Spec, PolicyOptions Options) Fixture(PolicyArchitecture architecture) => ParityFixtures.For(architecture);

    private static void Train(IActorCritic policy, IPolicyOptimizer optimizer)
    {
        PpoOptions options = ParityFixtures.OneMinibatch with { UpdateEpochs = 3, NumMinibatches = 2 };
        RolloutBuffer buffer = ParityFixtures.Rollout(policy, options, seed: 30);
        float[] before = [.. policy.ExportWeights().SelectMany(t => t.Data)];
        new PpoUpdate(policy, optimizer, options).Run(buffer, 1e-2f, options.ClipCoef, new EnvRandom(31));
        Assert.That(policy.ExportWeights().SelectMany(t => t.Data), Is.Not.EqualTo(before), "the checkpoint holds trained weights");
    }

    private string Save(IActorCritic policy, IPolicyOptimizer optimizer)
    {
        string path = Path.Combine(_dir, "checkpoint.safetensors");
        var manifest = new CheckpointManifest { Policy = policy.Options, Spec = policy.Spec, TrainingSteps = 32 };
        CheckpointFile.Save(path, new CheckpointContent(manifest, policy.ExportWeights(), optimizer.ExportState()));
        return path;
    }

    private static void AssertSameProbabilities(IActorCritic expected, IActorCritic actual)
    {
        EnvSpec spec = expected.Spec;
        var batch = new ObservationBatch(spec, Rows);
        ParityFixtures.Fill(batch, Rows, new EnvRandom(40));
        float[] e = new float[Rows * spec.NumActions], a = new float[Rows * spec.NumActions];
        expected.Forward(batch, Rows, e, new float[Rows]);
        actual.Forward(batch, Rows, a, new float[Rows]);
        float[] pe = new float[spec.NumActions], pa = new float[spec.NumActions];
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<bool> mask = batch.ActionMask(r);
            MaskedCategorical.Probabilities(e.AsSpan(r * spec.NumActions, spec.NumActions), mask, pe);
            MaskedCategorical.Probabilities(a.AsSpan(r * spec.NumActions, spec.NumActions), mask, pa);
            Assert.That(pa, Is.EqualTo(pe).Within(1e-5), $"probabilities of row {r}");
        }
    }
}
