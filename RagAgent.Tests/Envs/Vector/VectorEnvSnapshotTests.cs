using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Vector;

public sealed class VectorEnvSnapshotTests
{
    private const int Copies = 3;
    private static readonly EnvRegistry Registry = EnvRegistry.CreateDefault();

    public enum Kind
    {
        Sync,
        Parallel,
    }

    [TestCase(Kind.Sync, Kind.Sync)]
    [TestCase(Kind.Parallel, Kind.Parallel)]
    [TestCase(Kind.Sync, Kind.Parallel)]
    [TestCase(Kind.Parallel, Kind.Sync)]
    public void RestoreState_RightAfterAnAutoreset_ContinuesBitIdentically(Kind savedKind, Kind restoredKind)
    {
        using ISnapshotVectorEnv vector = Make(savedKind);
        var random = new EnvRandom(9);
        int[] actions = new int[Copies];
        VectorStepResult result = vector.Reset(seed: 5);
        int steps = 0;
        while (steps < 200 || !result.Done(0))
        {
            result = vector.Step(RandomActions(result, random, actions));
            steps++;
        }

        Observation[] saved = [.. Enumerable.Range(0, Copies).Select(result.Observations.GetRow)];
        byte[] state = EnvSnapshot.ToBytes(vector.SaveState);
        var expected = new List<(int[] Actions, Observation[] Observations, Observation[] Finals, float[] Rewards, bool[] Terminated, bool[] Truncated, EnvInfo[] Infos)>();
        for (int t = 0; t < 100; t++)
        {
            int[] chosen = [.. RandomActions(result, random, actions)];
            result = vector.Step(chosen);
            expected.Add((chosen, [.. Enumerable.Range(0, Copies).Select(result.Observations.GetRow)], [.. Enumerable.Range(0, Copies).Select(result.FinalObservations.GetRow)],
                [.. result.Rewards], [.. result.Terminated], [.. result.Truncated], [.. result.Infos.Select(i => i with { Values = i.Values?.Clone() })]));
        }

        Assert.That(expected.Sum(x => x.Truncated.Count(d => d) + x.Terminated.Count(d => d)), Is.GreaterThan(Copies), "episodes end after the snapshot");
        using ISnapshotVectorEnv restored = Make(restoredKind);
        VectorStepResult restoredResult = EnvSnapshot.FromBytes(state, "vector", restored.RestoreState);
        for (int i = 0; i < Copies; i++)
        {
            SnapshotAssert.AssertSame(restoredResult.Observations.GetRow(i), saved[i], $"copy {i} restored");
        }

        for (int t = 0; t < expected.Count; t++)
        {
            VectorStepResult step = restored.Step(expected[t].Actions);
            Assert.That(step.Rewards, Is.EqualTo(expected[t].Rewards), $"step {t}");
            Assert.That(step.Terminated, Is.EqualTo(expected[t].Terminated), $"step {t}");
            Assert.That(step.Truncated, Is.EqualTo(expected[t].Truncated), $"step {t}");
            Assert.That(step.Infos, Is.EqualTo(expected[t].Infos), $"step {t}");
            for (int i = 0; i < Copies; i++)
            {
                SnapshotAssert.AssertSame(step.Observations.GetRow(i), expected[t].Observations[i], $"step {t}, copy {i}");
                if (step.Done(i))
                {
                    SnapshotAssert.AssertSame(step.FinalObservations.GetRow(i), expected[t].Finals[i], $"step {t}, copy {i} final");
                }
            }
        }
    }

    [Test]
    public void RestoreState_OtherCopyCountOrCorruptCopy_ThrowsInvalidDataNamingEnvAndCopy()
    {
        using ISnapshotVectorEnv vector = Make(Kind.Sync);
        vector.Reset(seed: 1);
        byte[] state = EnvSnapshot.ToBytes(vector.SaveState);

        using var two = new SyncVectorEnv([MakeCopy(), MakeCopy()]);
        Assert.That(
            () => EnvSnapshot.FromBytes(state, "vector", two.RestoreState),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("vector(graph-nav)").And.Message.Contains("3 copies"));
        using ISnapshotVectorEnv fresh = Make(Kind.Sync);
        Assert.That(() => EnvSnapshot.FromBytes(state[..^10], "vector", fresh.RestoreState), Throws.TypeOf<InvalidDataException>().With.Message.Contains("copy 2"));
    }

    [Test]
    public void SupportsSnapshots_CopyWithoutTheCapability_IsFalseAndSaveThrowsNamingTheCopy()
    {
        using var vector = new SyncVectorEnv([new CartPoleEnv(), new NoSnapshotWrapper(new CartPoleEnv())]);
        vector.Reset(seed: 0);
        Assert.That(vector.SupportsSnapshots, Is.False);
        Assert.That(() => EnvSnapshot.ToBytes(vector.SaveState), Throws.TypeOf<NotSupportedException>().With.Message.Contains("copy 1"));
    }

    [Test]
    public void SaveState_BeforeReset_ThrowsInvalidOperation()
    {
        using ISnapshotVectorEnv vector = Make(Kind.Parallel);
        Assert.That(() => EnvSnapshot.ToBytes(vector.SaveState), Throws.InvalidOperationException.With.Message.Contains("Reset"));
    }

    private static RecordEpisodeStatistics MakeCopy() => new RecordEpisodeStatistics(new TimeLimit(Registry.Make("graph-nav"), 9));

    private static ISnapshotVectorEnv Make(Kind kind)
    {
        IEnv[] envs = [.. Enumerable.Range(0, Copies).Select(_ => MakeCopy())];
        return kind == Kind.Sync ? new SyncVectorEnv(envs) : new ParallelVectorEnv(envs, numWorkers: 2);
    }

    private static int[] RandomActions(VectorStepResult result, EnvRandom random, int[] actions)
    {
        for (int i = 0; i < actions.Length; i++)
        {
            actions[i] = EnvTestKit.RandomAllowed(result.Observations.GetRow(i), random);
        }

        return actions;
    }
}
