using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs.Testing;

/// <summary>The snapshot round trip shared by the env and wrapper tests.</summary>
internal static class SnapshotAssert
{
    /// <summary>
    /// Plays <paramref name="warmUp"/> random allowed steps (resetting at episode ends), saves a snapshot, plays
    /// <paramref name="continued"/> more recording everything; then restores a fresh env from <paramref name="make"/>
    /// and checks that the same actions give bit-identical observations, rewards, flags and infos.
    /// </summary>
    /// <returns>The snapshot bytes.</returns>
    public static byte[] ContinuesIdentically(Func<IEnv> make, int warmUp = 300, int continued = 200, int seed = 4)
    {
        IEnv env = make();
        var random = new EnvRandom(seed);
        Observation o = env.Reset(seed).Observation;
        int episodes = 0;
        for (int t = 0; t < warmUp; t++)
        {
            StepResult step = env.Step(EnvTestKit.RandomAllowed(o, random));
            episodes += step.Done ? 1 : 0;
            o = step.Done ? env.Reset().Observation : step.Observation;
        }

        Assert.That(episodes, Is.GreaterThan(0), "the warm-up crosses an episode boundary");
        byte[] state = EnvSnapshot.Save(env);
        Observation saved = o.Clone();
        var actions = new List<int>();
        var expected = new List<Transition>();
        for (int t = 0; t < continued; t++)
        {
            int action = EnvTestKit.RandomAllowed(o, random);
            actions.Add(action);
            StepResult step = env.Step(action);
            Observation next = step.Observation.Clone();
            EnvInfo info = step.Info with { Values = step.Info.Values?.Clone() }; // the env overwrites its buffer
            Observation? reset = step.Done ? env.Reset().Observation.Clone() : null;
            expected.Add(new Transition(next, step.Reward, step.Terminated, step.Truncated, info, reset));
            o = reset ?? step.Observation;
        }

        Assert.That(expected.Count(x => x.Reset is not null), Is.GreaterThan(0), "the continuation crosses an episode boundary");
        IEnv restored = make();
        AssertSame(EnvSnapshot.Restore(restored, state), saved, "restored observation");
        for (int t = 0; t < continued; t++)
        {
            StepResult step = restored.Step(actions[t]);
            Transition x = expected[t];
            string at = $"step {t} after the snapshot";
            AssertSame(step.Observation, x.Observation, at);
            Assert.That(BitConverter.SingleToInt32Bits(step.Reward), Is.EqualTo(BitConverter.SingleToInt32Bits(x.Reward)), at);
            Assert.That((step.Terminated, step.Truncated, step.Info), Is.EqualTo((x.Terminated, x.Truncated, x.Info)), at);
            if (x.Reset is not null)
            {
                AssertSame(restored.Reset().Observation, x.Reset, at + " (reset)");
            }
        }

        return state;
    }

    /// <summary>Asserts every buffer of <paramref name="actual"/> equals <paramref name="expected"/> bit for bit.</summary>
    public static void AssertSame(Observation actual, Observation expected, string context)
    {
        Assert.That(actual.TaskId, Is.EqualTo(expected.TaskId), context + ": TaskId");
        Assert.That(Bits(actual.GoalFeatures), Is.EqualTo(Bits(expected.GoalFeatures)), context + ": GoalFeatures");
        Assert.That(actual.NodeIds, Is.EqualTo(expected.NodeIds), context + ": NodeIds");
        Assert.That(Bits(actual.NodeFeatures), Is.EqualTo(Bits(expected.NodeFeatures)), context + ": NodeFeatures");
        Assert.That(actual.NodeMask, Is.EqualTo(expected.NodeMask), context + ": NodeMask");
        Assert.That(Bits(actual.Globals), Is.EqualTo(Bits(expected.Globals)), context + ": Globals");
        Assert.That(actual.ActionMask, Is.EqualTo(expected.ActionMask), context + ": ActionMask");
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private sealed record Transition(Observation Observation, float Reward, bool Terminated, bool Truncated, EnvInfo Info, Observation? Reset);
}
