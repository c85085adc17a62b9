using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Algorithms.Ppo;

/// <summary>PPO with the real MLP policy and the built-in CartPole through the registry's vector env.</summary>
public sealed class PpoCartPoleTests
{
    /// <param name="snapshots">True: the registry's vector env (snapshot-capable); false: the same env behind a
    /// wrapper without <see cref="ISnapshotEnv"/>, so the trainer logs and replays actions.</param>
    private static PpoTrainer CreateTrainer(PpoOptions options, int seed, bool snapshots = true)
    {
        var policyOptions = new PolicyOptions { Architecture = PolicyArchitecture.Mlp };
        IVectorEnv envs = snapshots
            ? EnvRegistry.CreateDefault().MakeVector("cartpole", options.NumEnvs)
            : new SyncVectorEnv([.. Enumerable.Range(0, options.NumEnvs).Select(_ => new RecordEpisodeStatistics(new NoSnapshotWrapper(new CartPoleEnv())))]);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, seed);
        return new PpoTrainer(policy, envs, options, seed);
    }

    private static UpdateMetrics WithoutTiming(UpdateMetrics m) => m with { Sps = 0, WallSeconds = 0 };

    /// <summary>Learning test (about 3-6 s on one core): rl-zoo's CartPole preset gets the mean return of the last 20
    /// episodes to 150 (a random policy averages about 22) within 30k env steps.</summary>
    [Test]
    [Category(TestCategories.Learning)]
    public void Learn_CartPoleZooPreset_MeanReturnReaches150Within30kSteps()
    {
        PpoTrainer trainer = CreateTrainer(PpoPresets.CartPoleZoo with { StatsWindowSize = 20 }, seed: 0);
        var stop = new StopOnMeanReturnCallback(150f, minEpisodes: 20);
        trainer.Learn(30_000, [stop]);
        Assert.That(stop.ReachedAtStep, Is.Not.Null, $"mean return after {trainer.GlobalStep} steps: {trainer.History[^1].MeanReturn}");
        Assert.That(trainer.History[0].MeanReturn, Is.LessThan(50f), "the untrained policy is near random");
    }

    [Test]
    public void Learn_CartPoleSameSeedTwice_GivesBitIdenticalMetrics()
    {
        PpoOptions options = new() { NumSteps = 64 };
        PpoTrainer a = CreateTrainer(options, seed: 11);
        PpoTrainer b = CreateTrainer(options, seed: 11);
        a.Learn(4 * options.BatchSize);
        b.Learn(4 * options.BatchSize);
        Assert.That(b.History.Select(WithoutTiming), Is.EqualTo(a.History.Select(WithoutTiming)));
        Assert.That(a.History[^1].Episodes, Is.GreaterThan(0));
        Assert.That(b.Policy.ExportWeights().SelectMany(t => t.Data), Is.EqualTo(a.Policy.ExportWeights().SelectMany(t => t.Data)));
    }

    /// <summary>Snapshot path (<c>env_snapshot</c>), replay path (<c>env_actions</c>), and an action-log checkpoint
    /// resumed on snapshot-capable envs (replayed, as checkpoints written before snapshots were).</summary>
    [TestCase(true, true, "env_snapshot")]
    [TestCase(false, false, "env_actions")]
    [TestCase(false, true, "env_actions")]
    public void Restore_CartPoleHalfway_ContinuesBitIdenticalToUninterruptedRun(bool savedWithSnapshots, bool resumedWithSnapshots, string envState)
    {
        PpoOptions options = new() { NumSteps = 64 };
        long total = 8L * options.BatchSize;
        PpoTrainer uninterrupted = CreateTrainer(options, seed: 5);
        uninterrupted.Learn(total);

        string path = Path.Combine(Path.GetTempPath(), $"ppo-cartpole-{Guid.NewGuid():N}.safetensors");
        try
        {
            PpoTrainer firstHalf = CreateTrainer(options, seed: 5, savedWithSnapshots);
            firstHalf.Learn(total, [new CheckpointCallback(path, total / 2), new StopAtStep(total / 2)]);
            CheckpointContent checkpoint = CheckpointFile.Load(path);
            Assert.That(checkpoint.TrainerState!.Tensors.Select(t => t.Name), Does.Contain(envState));
            Assert.That(checkpoint.TrainerState!.Tensors.Select(t => t.Name), Does.Not.Contain(envState == "env_actions" ? "env_snapshot" : "env_actions"));

            PpoTrainer resumed = CreateTrainer(options, seed: 5, resumedWithSnapshots);
            resumed.Restore(checkpoint);
            resumed.Learn(total);

            Assert.That(resumed.History.Select(WithoutTiming), Is.EqualTo(uninterrupted.History.Skip(4).Select(WithoutTiming)));
            Assert.That(
                resumed.Policy.ExportWeights().SelectMany(t => t.Data),
                Is.EqualTo(uninterrupted.Policy.ExportWeights().SelectMany(t => t.Data)));
            Assert.That(resumed.Optimizer.ExportState().Tensors.SelectMany(t => t.ToFloat32()), Is.EqualTo(uninterrupted.Optimizer.ExportState().Tensors.SelectMany(t => t.ToFloat32())));
            Assert.That(resumed.Optimizer.ExportState().Counters, Is.EqualTo(uninterrupted.Optimizer.ExportState().Counters));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Restore_SnapshotCheckpointIntoEnvsWithoutSnapshots_ThrowsNamingTheCapability()
    {
        PpoOptions options = new() { NumSteps = 32 };
        PpoTrainer trained = CreateTrainer(options, seed: 2);
        trained.Learn(options.BatchSize);

        Assert.That(
            () => CreateTrainer(options, seed: 2, snapshots: false).Restore(trained.CreateCheckpoint()),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("env_snapshot").And.Message.Contains("ISnapshotEnv"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void CreateCheckpoint_AfterMoreUpdates_TrainerStateGrowsOnlyOnTheReplayPath(bool snapshots)
    {
        PpoOptions options = new() { NumSteps = 32, StatsWindowSize = 5 };
        PpoTrainer trainer = CreateTrainer(options, seed: 3, snapshots);
        trainer.Learn(2 * options.BatchSize);
        long afterTwo = TrainerStateBytes(trainer.CreateCheckpoint());
        trainer.Learn(6 * options.BatchSize);
        long afterSix = TrainerStateBytes(trainer.CreateCheckpoint());

        if (snapshots)
        {
            Assert.That(afterSix, Is.EqualTo(afterTwo));
        }
        else
        {
            Assert.That(afterSix - afterTwo, Is.EqualTo(4L * 4 * options.BatchSize), "4 bytes per env step of the action log");
        }

        static long TrainerStateBytes(CheckpointContent content) => content.TrainerState!.Tensors.Sum(t => (long)t.Bytes.Length);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void CollectRollouts_BothEnvStatePaths_AllocateNothing(bool snapshots)
    {
        PpoOptions options = new() { NumSteps = 32 };
        PpoTrainer trainer = CreateTrainer(options, seed: 1, snapshots);
        trainer.Learn(2 * options.BatchSize);
        trainer.CollectRollouts();

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.CollectRollouts();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void CollectRolloutsAndUpdate_CartPoleMlpAfterWarmUp_AllocateNothing()
    {
        PpoOptions options = new() { NumSteps = 32 };
        PpoTrainer trainer = CreateTrainer(options, seed: 1);
        trainer.Learn(2 * options.BatchSize);
        var update = new PpoUpdate(trainer.Policy, trainer.Optimizer, options);
        var random = new RagAgent.Envs.Randomness.EnvRandom(1);
        trainer.CollectRollouts();
        update.Run(trainer.Buffer, 1e-4f, 0.2f, random);

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.CollectRollouts();
        update.Run(trainer.Buffer, 1e-4f, 0.2f, random);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private sealed class StopAtStep(long step) : ITrainingCallback
    {
        public void OnTrainingStart(ITrainingSession session)
        {
        }

        public bool OnUpdate(UpdateMetrics metrics) => metrics.Step < step;
    }
}
