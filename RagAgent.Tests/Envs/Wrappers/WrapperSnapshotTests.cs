using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class WrapperSnapshotTests
{
    private static readonly EnvRegistry Registry = EnvRegistry.CreateDefault();

    [Test]
    public void RestoreState_TimeLimit_ContinuesBitIdentically()
    {
        SnapshotAssert.ContinuesIdentically(() => new TimeLimit(new CartPoleEnv(), 13));

        var env = new TimeLimit(new CartPoleEnv(), 13);
        env.Reset(0);
        for (int t = 0; t < 8; t++)
        {
            env.Step(t % 2);
        }

        Assert.That(
            () => EnvSnapshot.Restore(new TimeLimit(new CartPoleEnv(), 5), EnvSnapshot.Save(env)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("TimeLimit(cartpole)").And.Message.Contains("elapsedSteps is 8"));
    }

    [Test]
    public void RestoreState_RecordEpisodeStatistics_ContinuesWithEpisodeInfosAndLastEpisode()
    {
        SnapshotAssert.ContinuesIdentically(() => new RecordEpisodeStatistics(Registry.Make("task-select")));

        var original = new RecordEpisodeStatistics(Registry.Make("task-select"));
        var random = new EnvRandom(2);
        Observation o = original.Reset(2).Observation;
        for (int t = 0; t < 100; t++)
        {
            StepResult step = original.Step(EnvTestKit.RandomAllowed(o, random));
            o = step.Done ? original.Reset().Observation : step.Observation;
        }

        var restored = new RecordEpisodeStatistics(Registry.Make("task-select"));
        EnvSnapshot.Restore(restored, EnvSnapshot.Save(original));
        Assert.That(restored.LastEpisode, Is.Not.Null.And.EqualTo(original.LastEpisode));
    }

    [Test]
    public void RestoreState_NormalizeObservation_RestoresStatisticsAndObservation()
    {
        NormalizeObservation? last = null;
        SnapshotAssert.ContinuesIdentically(() => last = new NormalizeObservation(Registry.Make("smart-home")));
        Assert.That(last!.GlobalStatistics.Count, Is.GreaterThan(300), "the restored copy continued from the saved statistics");
    }

    [Test]
    public void RestoreState_StackOfWrappers_ContinuesBitIdentically()
    {
        SnapshotAssert.ContinuesIdentically(() =>
            new RecordEpisodeStatistics(new ScaleReward(new NormalizeObservation(new TimeLimit(Registry.Make("retrieval"), 5)), 0.5f)));
    }

    [Test]
    public void SupportsSnapshots_OverAnEnvWithout_IsFalseAndSaveThrowsNamingTheWrapper()
    {
        var env = new TimeLimit(new NoSnapshotWrapper(new CartPoleEnv()), 10);
        env.Reset(0);
        Assert.That(env.SupportsSnapshots, Is.False);
        Assert.That(() => env.SaveState(new BinaryWriter(Stream.Null)), Throws.TypeOf<NotSupportedException>().With.Message.Contains("TimeLimit(cartpole)"));
    }

    [Test]
    public void RestoreState_TruncatedWrapperSnapshot_ThrowsInvalidDataNamingTheEnv()
    {
        var env = new NormalizeObservation(new CartPoleEnv());
        env.Reset(0);
        byte[] state = EnvSnapshot.Save(env);
        Assert.That(
            () => EnvSnapshot.Restore(new NormalizeObservation(new CartPoleEnv()), state[..40]),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("cartpole"));
    }
}
