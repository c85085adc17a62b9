using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs;

/// <summary>Helpers shared by the tests of the built-in envs.</summary>
internal static class EnvTestKit
{
    /// <summary>A uniformly random allowed action of <paramref name="observation"/>.</summary>
    public static int RandomAllowed(Observation observation, EnvRandom random)
    {
        bool[] mask = observation.ActionMask;
        int offset = random.NextInt(mask.Length);
        for (int k = 0; k < mask.Length; k++)
        {
            int a = (k + offset) % mask.Length;
            if (mask[a])
            {
                return a;
            }
        }

        throw new AssertionException("The action mask is all false.");
    }

    /// <summary>First action forbidden by the mask, or -1.</summary>
    public static int FirstForbidden(Observation observation) => Array.IndexOf(observation.ActionMask, false);

    /// <summary>Bytes allocated by <paramref name="steps"/> random steps (with resets) after a warm-up.</summary>
    public static long AllocatedBytesOverRandomSteps(IEnv env, int steps)
    {
        var random = new EnvRandom(1);
        Observation o = env.Reset(0).Observation;
        void Run(int count)
        {
            for (int t = 0; t < count; t++)
            {
                StepResult step = env.Step(RandomAllowed(o, random));
                o = step.Done ? env.Reset().Observation : step.Observation;
            }
        }

        Run(200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(steps);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Runs random episodes and checks that every running observation has an allowed action.</summary>
    public static void AssertMaskNeverEmpty(IEnv env, int steps)
    {
        var random = new EnvRandom(3);
        Observation o = env.Reset(0).Observation;
        for (int t = 0; t < steps; t++)
        {
            Assert.That(o.HasAllowedAction(), Is.True, $"step {t}: all-false mask");
            StepResult step = env.Step(RandomAllowed(o, random));
            o = step.Done ? env.Reset().Observation : step.Observation;
        }
    }
}
