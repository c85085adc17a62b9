using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Tests.Algorithms.Ppo.Doubles;

namespace RagAgent.Tests.Algorithms.Ppo;

public sealed class PpoTrainerTests
{
    private static readonly PpoOptions ChainOptions = new()
    {
        NumEnvs = 4,
        NumSteps = 32,
        NumMinibatches = 4,
        UpdateEpochs = 4,
        LearningRate = 0.5f,
        EntCoef = 0.01f,
        StatsWindowSize = 50,
    };

    private static PpoTrainer CreateTrainer(int seed, PpoOptions? options = null)
    {
        options ??= ChainOptions;
        var policy = new LinearActorCritic(ChainEnv.ChainSpec, Math.Max(options.NumEnvs, options.MinibatchSize), seed);
        var envs = new TestVectorEnv(options.NumEnvs, () => new ChainEnv());
        return new PpoTrainer(policy, envs, options, seed);
    }

    private static UpdateMetrics WithoutTiming(UpdateMetrics m) => m with { Sps = 0, WallSeconds = 0 };

    [Test]
    [Category(TestCategories.Learning)]
    public void Learn_ChainEnvWithLinearPolicy_ReachesNearOptimalReturn()
    {
        PpoTrainer trainer = CreateTrainer(seed: 1);
        UpdateMetrics first = default;
        UpdateMetrics? last = trainer.Learn(
            40_000,
            [new DelegateCallback(m => { if (m.Update == 3) { first = m; } return true; })]);

        Assert.That(last, Is.Not.Null);
        Assert.That(first.MeanReturn, Is.LessThan(0.6f), "a random policy is far from the goal");
        // Optimal from a random start cell is 1 − 0.05·(distance − 1), about 0.9 on average.
        Assert.That(last!.Value.MeanReturn, Is.GreaterThan(0.85f));
        Assert.That(last.Value.SuccessRate, Is.EqualTo(1f));
        Assert.That(trainer.GlobalStep, Is.EqualTo(40_000 / 128 * 128));
    }

    [Test]
    public void Learn_HugeCriticBias_ThrowsNamingTheUpdateAndQuantity()
    {
        var policy = new LinearActorCritic(ChainEnv.ChainSpec, ChainOptions.MinibatchSize, 3);
        policy.Parameters[^1] = 1e30f; // the value bias: values stay finite, but (V − R)² overflows float
        float[] before = (float[])policy.Parameters.Clone();
        var envs = new TestVectorEnv(ChainOptions.NumEnvs, () => new ChainEnv());
        var trainer = new PpoTrainer(policy, envs, ChainOptions, 3);

        var e = Assert.Throws<ArithmeticException>(() => trainer.Learn(ChainOptions.BatchSize * 2));

        Assert.That(e!.Message, Does.Contain("PPO update 1").And.Contain("epoch 1, minibatch 1: the value loss is infinite"));
        Assert.That(policy.Parameters, Is.EqualTo(before), "no step was taken on the overflowed loss");
    }

    [Test]
    public void Learn_SameSeedTwice_GivesBitIdenticalMetrics()
    {
        UpdateMetrics[] a = [.. Run(seed: 7).Select(WithoutTiming)];
        UpdateMetrics[] b = [.. Run(seed: 7).Select(WithoutTiming)];
        UpdateMetrics[] c = [.. Run(seed: 8).Select(WithoutTiming)];
        Assert.That(a, Has.Length.EqualTo(10));
        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a));

        static IReadOnlyList<UpdateMetrics> Run(int seed)
        {
            PpoTrainer trainer = CreateTrainer(seed);
            trainer.Learn(10 * 128);
            return trainer.History;
        }
    }

    [Test]
    public void Restore_FromCheckpointHalfway_ContinuesBitIdenticalToUninterruptedRun()
    {
        const long total = 16 * 128;
        PpoTrainer uninterrupted = CreateTrainer(seed: 3);
        uninterrupted.Learn(total);

        string path = Path.Combine(Path.GetTempPath(), $"ppo-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            PpoTrainer firstHalf = CreateTrainer(seed: 3);
            var checkpoint = new CheckpointCallback(path, everySteps: total / 2);
            firstHalf.Learn(total, [checkpoint, new DelegateCallback(m => m.Step < total / 2)]);
            Assert.That(firstHalf.GlobalStep, Is.EqualTo(total / 2));

            // A different construction seed proves the weights and the seed come from the checkpoint.
            PpoTrainer resumed = CreateTrainer(seed: 99);
            resumed.Restore(CheckpointFile.Load(path));
            Assert.That(resumed.Seed, Is.EqualTo(3));
            resumed.Learn(total);

            UpdateMetrics[] expected = [.. uninterrupted.History.Skip(8).Select(WithoutTiming)];
            UpdateMetrics[] actual = [.. resumed.History.Select(WithoutTiming)];
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(resumed.ExportWeightsData(), Is.EqualTo(uninterrupted.ExportWeightsData()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void CollectRolloutsAndUpdate_AfterWarmUp_AllocateNothing()
    {
        PpoTrainer trainer = CreateTrainer(seed: 5);
        trainer.Learn(2 * 128);
        var update = new PpoUpdate(trainer.Policy, trainer.Optimizer, trainer.Options);
        var random = new RagAgent.Envs.Randomness.EnvRandom(1);
        trainer.CollectRollouts();
        update.Run(trainer.Buffer, 1e-3f, 0.2f, random);

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.CollectRollouts();
        update.Run(trainer.Buffer, 1e-3f, 0.2f, random);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Learn_StopOnMeanReturn_StopsEarlyAndRecordsStep()
    {
        PpoTrainer trainer = CreateTrainer(seed: 1);
        var stop = new StopOnMeanReturnCallback(0.85f, minEpisodes: 20);
        trainer.Learn(200_000, [stop]);
        Assert.That(stop.ReachedAtStep, Is.GreaterThan(trainer.Options.BatchSize), "not reached by the random initial policy");
        Assert.That(trainer.GlobalStep, Is.EqualTo(stop.ReachedAtStep));
        Assert.That(trainer.GlobalStep, Is.LessThan(200_000));
        Assert.That(trainer.History[^1].MeanReturn, Is.GreaterThanOrEqualTo(0.85f));
    }

    [Test]
    public void Learn_WithEvaluationAndSinkCallbacks_RecordsBoth()
    {
        PpoTrainer trainer = CreateTrainer(seed: 2);
        var sink = new InMemoryMetricSink();
        var evaluation = new EvaluationCallback(new ChainEnv(), everySteps: 256, episodes: 5, sink: sink);
        trainer.Learn(4 * 128, [evaluation, new MetricSinkCallback(sink)]);
        Assert.That(evaluation.Results.Select(r => r.Step), Is.EqualTo(new long[] { 256, 512 }));
        Assert.That(sink.Get("losses/approx_kl"), Has.Count.EqualTo(4));
        Assert.That(sink.Get("eval/mean_return"), Has.Count.EqualTo(2));
        Assert.That(sink.Get("charts/learning_rate")[0].Value, Is.EqualTo(0.5).Within(1e-6));
        Assert.That(sink.Get("charts/learning_rate")[3].Value, Is.EqualTo(0.5 * 0.25).Within(1e-6), "linear annealing");
    }

    [Test]
    public void CheckpointCallback_StepPattern_WritesOneResumableFilePerPeriodWithManifest()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"ppo-ckpt-{Guid.NewGuid():N}");
        try
        {
            PpoTrainer trainer = CreateTrainer(seed: 4);
            var checkpoint = new CheckpointCallback(Path.Combine(directory, "policy-{step}.safetensors"), everySteps: 256);
            trainer.Learn(4 * 128, [checkpoint]);
            Assert.That(
                Directory.GetFiles(directory).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "policy-256.safetensors", "policy-512.safetensors" }));
            CheckpointContent content = CheckpointFile.Load(checkpoint.LastSaved!);
            Assert.That(content.Manifest.TrainingSteps, Is.EqualTo(512));
            Assert.That(content.Manifest.Metrics["mean_return"], Is.EqualTo(trainer.History[^1].MeanReturn));
            Assert.That(content.TrainerState!.Tensors.Select(t => t.Name), Does.Contain("env_actions"));
            Assert.That(content.TrainerState!.Counters, Does.ContainKey("global_step").And.ContainKey("update"));
            Assert.That(content.TrainerState!.Tensor("env_actions", "test").ToInt32(), Has.Length.EqualTo(512));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Restore_WithoutTrainerStateOrWithOtherEnvCount_ThrowsClearly()
    {
        PpoTrainer trained = CreateTrainer(seed: 6);
        trained.Learn(2 * 128);
        CheckpointContent full = trained.CreateCheckpoint();

        Assert.That(
            () => CreateTrainer(seed: 6).Restore(full with { TrainerState = null }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("not for resuming"));
        Assert.That(
            () => CreateTrainer(seed: 6, ChainOptions with { NumEnvs = 2, NumSteps = 64 }).Restore(full),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("NumEnvs = 4"));
        Assert.That(() => trained.Restore(full), Throws.InvalidOperationException.With.Message.Contains("before the trainer's first rollout"));
    }

    [Test]
    public void Constructor_MismatchedEnvCount_ThrowsNamingNumEnvs()
    {
        var policy = new LinearActorCritic(ChainEnv.ChainSpec, 64, 0);
        using var envs = new TestVectorEnv(2, () => new ChainEnv());
        Assert.That(
            () => new PpoTrainer(policy, envs, ChainOptions, 0),
            Throws.ArgumentException.With.Message.Contains("NumEnvs is 4"));
    }
}

/// <summary>A callback from a lambda, for tests.</summary>
internal sealed class DelegateCallback(Func<UpdateMetrics, bool> onUpdate) : ITrainingCallback
{
    public void OnTrainingStart(ITrainingSession session)
    {
    }

    public bool OnUpdate(UpdateMetrics metrics) => onUpdate(metrics);
}

internal static class TrainerTestExtensions
{
    public static float[] ExportWeightsData(this PpoTrainer trainer) => trainer.Policy.ExportWeights()[0].Data;
}
