using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Vector;

public sealed class VectorEnvTests
{
    public enum Kind
    {
        Sync,
        Parallel,
    }

    [TestCase(Kind.Sync)]
    [TestCase(Kind.Parallel)]
    public void Reset_WithSeed_SeedsCopyIWithSeedPlusI(Kind kind)
    {
        using IVectorEnv vector = Make(kind, Enumerable.Range(0, 3).Select(_ => (IEnv)new CartPoleEnv()));

        VectorStepResult result = vector.Reset(seed: 10);

        for (int i = 0; i < 3; i++)
        {
            float[] expected = new CartPoleEnv().Reset(10 + i).Observation.Globals;
            Assert.That(result.Observations.GetRow(i).Globals, Is.EqualTo(expected), $"copy {i}");
        }
    }

    [TestCase(Kind.Sync, false)]
    [TestCase(Kind.Sync, true)]
    [TestCase(Kind.Parallel, false)]
    [TestCase(Kind.Parallel, true)]
    public void Step_EpisodeEnds_HandsBackFinalObservationAndFirstObservationOfNextEpisode(Kind kind, bool truncates)
    {
        using IVectorEnv vector = Make(kind, [new CountingEnv(3, truncates), new CountingEnv(3, truncates)]);
        vector.Reset(seed: 1);
        VectorStepResult result = vector.Step([2, 0]);
        Assert.That(result.Done(0) || result.Done(1), Is.False);
        result = vector.Step([1, 1]);

        result = vector.Step([0, 1]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Terminated, Is.EqualTo(new[] { !truncates, !truncates }));
            Assert.That(result.Truncated, Is.EqualTo(new[] { truncates, truncates }));
            Assert.That(result.Rewards, Is.EqualTo(new[] { 0.5f, 1.5f }));

            // Copy i (seeded 1 + i) finished episode 1000·(1 + i) at step 3; the autoreset started the next episode at step 0.
            Assert.That(result.FinalObservations.GetRow(0).Globals, Is.EqualTo(new[] { 3f, 1000f }));
            Assert.That(result.Observations.GetRow(0).Globals, Is.EqualTo(new[] { 0f, 1001f }));
            Assert.That(result.FinalObservations.GetRow(1).Globals, Is.EqualTo(new[] { 3f, 2000f }));
            Assert.That(result.Observations.GetRow(1).Globals, Is.EqualTo(new[] { 0f, 2001f }));
        });

        // A value function V(s) = step count bootstraps a truncated episode from the final observation, not the reset one.
        const float Gamma = 0.9f;
        float target = result.Rewards[0] + (result.Truncated[0] ? Gamma * result.FinalObservations.GetRow(0).Globals[0] : 0f);
        Assert.That(target, Is.EqualTo(truncates ? 0.5f + (Gamma * 3f) : 0.5f));

        result = vector.Step([0, 0]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Done(0), Is.False);
            Assert.That(result.Observations.GetRow(0).Globals, Is.EqualTo(new[] { 1f, 1001f }));
        });
    }

    [TestCase(Kind.Sync)]
    [TestCase(Kind.Parallel)]
    public void Step_ManyEpisodes_MatchesSingleEnvSteppedInLockstep(Kind kind)
    {
        using IVectorEnv vector = Make(kind, [new CartPoleEnv(), new CartPoleEnv()]);
        var single = new CartPoleEnv();
        VectorStepResult result = vector.Reset(seed: 7);
        Observation singleObservation = single.Reset(7).Observation;
        var random = new EnvRandom(1);
        int episodes = 0;
        for (int t = 0; t < 600; t++)
        {
            int action = random.NextInt(2);
            StepResult step = single.Step(action);
            result = vector.Step([action, 0]);
            Assert.That(result.Terminated[0], Is.EqualTo(step.Terminated));
            Assert.That(result.Truncated[0], Is.EqualTo(step.Truncated));
            if (step.Done)
            {
                episodes++;
                Assert.That(result.FinalObservations.GetRow(0).Globals, Is.EqualTo(step.Observation.Globals), $"final observation at t={t}");
                singleObservation = single.Reset().Observation;
            }
            else
            {
                singleObservation = step.Observation;
            }

            Assert.That(result.Observations.GetRow(0).Globals, Is.EqualTo(singleObservation.Globals), $"t={t}");
        }

        Assert.That(episodes, Is.GreaterThan(5), "the test must cross several autoresets");
    }

    public static IEnumerable<string> RegisteredIds => EnvRegistry.CreateDefault().Ids;

    [TestCaseSource(nameof(RegisteredIds))]
    public void Parallel_SameCopiesSeedsAndActions_IdenticalToSync(string envId)
    {
        const int NumEnvs = 8;
        EnvRegistry registry = EnvRegistry.CreateDefault();
        var options = new EnvMakeOptions { MaxEpisodeSteps = 40 };
        using var sync = new SyncVectorEnv(Enumerable.Range(0, NumEnvs).Select(_ => registry.Make(envId, options)).ToArray());
        using var parallel = new ParallelVectorEnv(Enumerable.Range(0, NumEnvs).Select(_ => registry.Make(envId, options)).ToArray(), numWorkers: 3);
        VectorStepResult a = sync.Reset(seed: 5);
        VectorStepResult b = parallel.Reset(seed: 5);
        AssertSame(a, b, NumEnvs, -1);
        var random = new EnvRandom(11);
        int[] actions = new int[NumEnvs];
        int episodes = 0;
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < NumEnvs; i++)
            {
                actions[i] = SampleAllowed(a.Observations.GetRow(i).ActionMask, random);
            }

            a = sync.Step(actions);
            b = parallel.Step(actions);
            AssertSame(a, b, NumEnvs, t);
            episodes += Enumerable.Range(0, NumEnvs).Count(a.Done);
        }

        Assert.Multiple(() =>
        {
            Assert.That(parallel.NumWorkers, Is.EqualTo(3));
            Assert.That(episodes, Is.GreaterThan(NumEnvs), "the runs must cross autoresets");
        });
    }

    [Test]
    public void Parallel_CopyThrows_RethrowsOnCallingThreadAndStaysUsable()
    {
        using var parallel = new ParallelVectorEnv(CartPoles(4), numWorkers: 2);
        parallel.Reset(seed: 0);

        Assert.That(() => parallel.Step([0, 0, 0, 9]), Throws.TypeOf<InvalidActionException>().With.Message.Contains("action 9"));

        // Copies 0-2 stepped; copy 3 rejected the action and still runs its episode.
        VectorStepResult result = parallel.Step([1, 1, 1, 1]);
        Assert.That(result.Rewards, Is.EqualTo(new[] { 1f, 1f, 1f, 1f }));
    }

    [TestCase(Kind.Sync)]
    [TestCase(Kind.Parallel)]
    public void Step_WrongNumberOfActions_ThrowsNamingShape(Kind kind)
    {
        using IVectorEnv vector = Make(kind, CartPoles(2));
        vector.Reset(seed: 0);

        Assert.That(() => vector.Step([0]), Throws.ArgumentException.With.Message.Contains("[2]"));
    }

    [TestCase(Kind.Sync)]
    [TestCase(Kind.Parallel)]
    public void Step_BeforeReset_Throws(Kind kind)
    {
        using IVectorEnv vector = Make(kind, CartPoles(2));

        Assert.That(() => vector.Step([0, 0]), Throws.InvalidOperationException.With.Message.Contains("Reset"));
    }

    [Test]
    public void Constructor_SameEnvObjectTwice_Throws()
    {
        var env = new CartPoleEnv();

        Assert.That(() => new SyncVectorEnv([env, env]), Throws.ArgumentException.With.Message.Contains("same object"));
    }

    [Test]
    public void Constructor_CopiesWithDifferentSpecs_Throws()
    {
        Assert.That(
            () => new SyncVectorEnv([new CartPoleEnv(), new CartPoleEnv(maxEpisodeSteps: 100)]),
            Throws.ArgumentException.With.Message.Contains("differs from copy 0"));
    }

    [Test]
    public void Sync_Step_AllocatesNothing()
    {
        using var sync = new SyncVectorEnv(CartPoles(16).Select(e => (IEnv)new RecordEpisodeStatistics(e)).ToArray());
        sync.Reset(seed: 0);
        int[] actions = new int[16];
        for (int t = 0; t < 100; t++)
        {
            actions.AsSpan().Fill(t % 2);
            sync.Step(actions);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 2000; t++)
        {
            actions.AsSpan().Fill((t / 3) % 2);
            sync.Step(actions);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Parallel_Step_AllocatesNothingOnTheCallingThread()
    {
        using var parallel = new ParallelVectorEnv(CartPoles(16), numWorkers: 2);
        parallel.Reset(seed: 0);
        int[] actions = new int[16];
        for (int t = 0; t < 100; t++)
        {
            parallel.Step(actions);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 500; t++)
        {
            actions.AsSpan().Fill((t / 3) % 2);
            parallel.Step(actions);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MakeVector_CopiesRecordEpisodeStatistics(bool parallel)
    {
        using IVectorEnv vector = EnvRegistry.CreateDefault().MakeVector("cartpole", 3, new EnvMakeOptions { MaxEpisodeSteps = 20 }, parallel);
        vector.Reset(seed: 0);
        int[] stepsSinceReset = new int[3];
        var episodes = new List<EpisodeStatistics>();
        for (int t = 0; t < 100; t++)
        {
            VectorStepResult result = vector.Step([t % 2, (t / 2) % 2, 0]);
            for (int i = 0; i < 3; i++)
            {
                stepsSinceReset[i]++;
                if (result.Done(i))
                {
                    Assert.That(result.Infos[i].Episode, Is.EqualTo(new EpisodeStatistics(stepsSinceReset[i], stepsSinceReset[i], false)), $"copy {i} at t={t}");
                    episodes.Add(result.Infos[i].Episode!.Value);
                    stepsSinceReset[i] = 0;
                }
                else
                {
                    Assert.That(result.Infos[i].Episode, Is.Null, $"copy {i} at t={t}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(vector, parallel ? Is.TypeOf<ParallelVectorEnv>() : Is.TypeOf<SyncVectorEnv>());
            Assert.That(episodes.Select(e => e.Length), Does.Contain(20), "some episodes are truncated at the 20-step limit");
            Assert.That(episodes.Select(e => e.Length), Has.Some.LessThan(20), "some episodes terminate earlier");
        });
    }

    private static IEnv[] CartPoles(int count) => Enumerable.Range(0, count).Select(_ => (IEnv)new CartPoleEnv()).ToArray();

    private static IVectorEnv Make(Kind kind, IEnumerable<IEnv> envs) =>
        kind == Kind.Sync ? new SyncVectorEnv(envs.ToArray()) : new ParallelVectorEnv(envs.ToArray(), numWorkers: 2);

    private static int SampleAllowed(bool[] actionMask, EnvRandom random)
    {
        int[] allowed = Enumerable.Range(0, actionMask.Length).Where(k => actionMask[k]).ToArray();
        return allowed[random.NextInt(allowed.Length)];
    }

    private static void AssertSame(VectorStepResult a, VectorStepResult b, int numEnvs, int t)
    {
        // Plain comparisons, failing with a message only on a mismatch, keep this fast over thousands of calls.
        if (!a.Rewards.AsSpan().SequenceEqual(b.Rewards) || !a.Terminated.AsSpan().SequenceEqual(b.Terminated)
            || !a.Truncated.AsSpan().SequenceEqual(b.Truncated) || !a.Infos.AsSpan().SequenceEqual(b.Infos))
        {
            Assert.Fail($"Rewards, flags or infos differ at t={t}.");
        }

        for (int i = 0; i < numEnvs; i++)
        {
            AssertSameObservation(a.Observations.GetRow(i), b.Observations.GetRow(i), "observation", i, t);
            if (a.Done(i))
            {
                AssertSameObservation(a.FinalObservations.GetRow(i), b.FinalObservations.GetRow(i), "final observation", i, t);
            }
        }
    }

    private static void AssertSameObservation(Observation expected, Observation actual, string what, int index, int t)
    {
        if (actual.TaskId != expected.TaskId || !actual.GoalFeatures.AsSpan().SequenceEqual(expected.GoalFeatures)
            || !actual.NodeIds.AsSpan().SequenceEqual(expected.NodeIds) || !actual.NodeFeatures.AsSpan().SequenceEqual(expected.NodeFeatures)
            || !actual.NodeMask.AsSpan().SequenceEqual(expected.NodeMask) || !actual.Globals.AsSpan().SequenceEqual(expected.Globals)
            || !actual.ActionMask.AsSpan().SequenceEqual(expected.ActionMask))
        {
            Assert.Fail($"The {what} of copy {index} differs at t={t}.");
        }
    }
}
