using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Training;

/// <summary>
/// Checkpoints written by RagAgent 0.1.0 (format 1: float32-only state, weights-only hash) still load and resume.
/// The fixture was written by the 0.1.0 CLI (commit 82c33ed), stopped with Ctrl+C after 5 updates:
/// <c>ragagent train --env cartpole --seed 3 --steps 100000</c>.
/// </summary>
public sealed class LegacyCheckpointTests
{
    private const int Seed = 3;
    private const long TotalSteps = 100_000;

    private static string FixturePath =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Training", "Fixtures", "cartpole-0.1.0-seed3-step2560.safetensors");

    [Test]
    public void Load_Format1File_ConvertsStateToRealTypes()
    {
        CheckpointContent content = CheckpointFile.Load(FixturePath);

        Assert.That(content.Manifest.FormatVersion, Is.EqualTo(1));
        Assert.That(content.TrainerState!.Counters["global_step"], Is.EqualTo(2560));
        Assert.That(content.TrainerState.Counters["update"], Is.EqualTo(5));
        Assert.That(content.TrainerState.Counters["seed"], Is.EqualTo(Seed));
        Assert.That(content.TrainerState.Tensor("env_snapshot", "test").DType, Is.EqualTo(TensorDType.U8));
        Assert.That(content.TrainerState.Tensor("running_lengths", "test").DType, Is.EqualTo(TensorDType.I32));
        Assert.That(content.OptimizerState!.Counters["step"], Is.EqualTo(5 * 4 * 4), "5 updates x 4 epochs x 4 minibatches");
    }

    [Test]
    public void Resume_Format1Checkpoint_ContinuesAsTheUninterruptedRun()
    {
        PpoTrainer uninterrupted = CreateTrainer();
        uninterrupted.Learn(TotalSteps);

        PpoTrainer resumed = CreateTrainer();
        resumed.Restore(CheckpointFile.Load(FixturePath));
        resumed.Learn(TotalSteps);

        Assert.That(resumed.History.Select(WithoutTiming), Is.EqualTo(uninterrupted.History.Skip(5).Select(WithoutTiming)));
        Assert.That(resumed.Policy.ExportWeights().SelectMany(t => t.Data), Is.EqualTo(uninterrupted.Policy.ExportWeights().SelectMany(t => t.Data)));
    }

    [Test]
    public void SaveLoad_Format1CheckpointResavedAsFormat2_KeepsEveryValue()
    {
        CheckpointContent legacy = CheckpointFile.Load(FixturePath);
        string path = Path.Combine(Path.GetTempPath(), $"resaved-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointFile.Save(path, legacy);
            CheckpointContent resaved = CheckpointFile.Load(path);

            Assert.That(resaved.Manifest.FormatVersion, Is.EqualTo(CheckpointManifest.CurrentFormatVersion));
            Assert.That(resaved.TrainerState!.Counters, Is.EquivalentTo(legacy.TrainerState!.Counters));
            Assert.That(resaved.TrainerState.Tensors.Select(t => t.Bytes.ToArray()), Is.EqualTo(legacy.TrainerState.Tensors.Select(t => t.Bytes.ToArray())));
            Assert.That(resaved.OptimizerState!.Counters, Is.EquivalentTo(legacy.OptimizerState!.Counters));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Built as the 0.1.0 CLI built it: default PPO options, auto architecture (mlp), weights seeded with the run's seed.
    private static PpoTrainer CreateTrainer()
    {
        var options = new PpoOptions();
        var policyOptions = new PolicyOptions();
        IVectorEnv envs = EnvRegistry.CreateDefault().MakeVector("cartpole", options.NumEnvs);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, Seed);
        return new PpoTrainer(policy, envs, options, Seed);
    }

    private static UpdateMetrics WithoutTiming(UpdateMetrics m) => m with { Sps = 0, WallSeconds = 0 };
}
