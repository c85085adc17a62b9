using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Envs.Vector;

/// <summary>Info values through vector envs: the step that ends an episode keeps its values across the auto-reset, without allocating.</summary>
public sealed class VectorEnvInfoTests
{
    private static IEnv[] GraphNavs(int count) =>
        Enumerable.Range(0, count).Select(_ => (IEnv)new GraphNavEnv(new GraphNavOptions { WorldSeed = 2 })).ToArray();

    [TestCase(false)]
    [TestCase(true)]
    public void Step_EpisodeReachesTheGoal_InfoKeepsTheFinalStepsValues(bool parallel)
    {
        IEnv[] envs = GraphNavs(2);
        using IVectorEnv vector = parallel ? new ParallelVectorEnv(envs, numWorkers: 2) : new SyncVectorEnv(envs);
        VectorStepResult result = vector.Reset(seed: 4);
        var nav = (GraphNavEnv)envs[0];
        int[] actions = new int[2];
        for (int t = 0; t < 100; t++)
        {
            int[] hops = nav.Graph.HopDistances(nav.GoalNode);
            actions[0] = nav.Graph.Neighbours(nav.CurrentNode).ToArray().MinBy(n => hops[n]);
            actions[1] = result.Observations.ActionMask(1).IndexOf(true);
            result = vector.Step(actions);
            if (result.Terminated[0])
            {
                Assert.That(result.Infos[0].IsSuccess, Is.True);
                Assert.That(result.Infos[0].Values![GraphNavEnv.InfoDistance], Is.Zero, "the final step's distance, not the new episode's");
                Assert.That(nav.CurrentNode, Is.Not.EqualTo(nav.GoalNode), "copy 0 was reset");
                return;
            }
        }

        Assert.Fail("copy 0 never reached its goal");
    }

    [Test]
    public void Sync_StepWithInfoValues_AllocatesNothing()
    {
        using var sync = new SyncVectorEnv(GraphNavs(4));
        VectorStepResult result = sync.Reset(seed: 0);
        int[] actions = new int[4];
        void StepOnce()
        {
            for (int i = 0; i < actions.Length; i++)
            {
                actions[i] = result.Observations.ActionMask(i).IndexOf(true);
            }

            result = sync.Step(actions);
        }

        for (int t = 0; t < 100; t++)
        {
            StepOnce();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            StepOnce();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(result.Infos[0].Values, Is.Not.Null);
    }
}
