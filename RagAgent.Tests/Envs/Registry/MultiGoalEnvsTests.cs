using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.Registry;

public sealed class MultiGoalEnvsTests
{
    private static readonly string[] Ids = [GraphNavEnv.Id, RetrievalEnv.Id, SmartHomeEnv.Id, TaskSelectEnv.Id];

    [Test]
    public void CreateDefault_MultiGoalEnvs_RegisteredWithTheirTypes()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        Assert.That(registry.Make(GraphNavEnv.Id), Is.TypeOf<GraphNavEnv>());
        Assert.That(registry.Make(RetrievalEnv.Id), Is.TypeOf<RetrievalEnv>());
        Assert.That(registry.Make(SmartHomeEnv.Id), Is.TypeOf<SmartHomeEnv>());
        Assert.That(registry.Make(TaskSelectEnv.Id), Is.TypeOf<TaskSelectEnv>());
        Assert.That(registry.Describe(GraphNavEnv.Id), Does.Contain("graph"));
    }

    [TestCaseSource(nameof(Ids))]
    public void Make_MakeOptions_MapOntoTheEnv(string id)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        var options = new EnvMakeOptions { MaxNodes = 6, MaxEpisodeSteps = 5, Goals = GoalSplit.HeldOut, WorldSeed = 9 };
        IEnv env = registry.Make(id, options);
        Assert.That(env.Spec.MaxNodes, Is.EqualTo(6));
        Assert.That(env.Spec.MaxEpisodeSteps, Is.EqualTo(5));
        Observation first = env.Reset(1).Observation.Clone();
        Observation again = registry.Make(id, options).Reset(1).Observation;
        Assert.That(again.NodeFeatures, Is.EqualTo(first.NodeFeatures), "same world seed, same episode seed");
        Observation otherWorld = registry.Make(id, options with { WorldSeed = 10 }).Reset(1).Observation;
        Assert.That(otherWorld.NodeFeatures.Concat(otherWorld.GoalFeatures), Is.Not.EqualTo(first.NodeFeatures.Concat(first.GoalFeatures)));
    }

    [Test]
    public void Make_HeldOutGoals_ReachTheEnv()
    {
        var env = (GraphNavEnv)EnvRegistry.CreateDefault().Make(GraphNavEnv.Id, new EnvMakeOptions { Goals = GoalSplit.HeldOut });
        for (int seed = 0; seed < 50; seed++)
        {
            env.Reset(seed);
            Assert.That(env.Goals.IsHeldOut(env.GoalNode), Is.True);
        }
    }
}
