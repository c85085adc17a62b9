using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Checking;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.Registry;

/// <summary>The feature bounds the built-in envs declare: present where the features have them, and kept.</summary>
public sealed class BuiltInEnvBoundsTests
{
    private static readonly string[] MultiGoalIds = [GraphNavEnv.Id, RetrievalEnv.Id, SmartHomeEnv.Id, TaskSelectEnv.Id];

    [TestCaseSource(nameof(MultiGoalIds))]
    public void Spec_MultiGoalEnv_BoundsEveryFeaturePart(string id)
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec(id);

        Assert.That(spec.GoalFeatureBounds, Is.Not.Null, "goal features");
        Assert.That(spec.NodeFeatureBounds, Is.Not.Null, "node features");
        Assert.That(spec.GlobalBounds, Is.Not.Null, "globals");
    }

    [Test]
    public void Spec_CartPole_LeavesGlobalsUnbounded() =>
        Assert.That(EnvRegistry.CreateDefault().GetSpec(CartPoleEnv.EnvId).GlobalBounds, Is.Null, "the velocities are unbounded");

    [TestCaseSource(nameof(MultiGoalIds))]
    public void Check_LongRolloutsOnSeveralWorlds_StayInsideDeclaredBounds(string id)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        for (int world = 0; world < 3; world++)
        {
            IEnv env = registry.Make(id, new EnvMakeOptions { Goals = GoalSplit.All, WorldSeed = world });
            EnvCheckReport report = EnvChecker.Check(env, seed: world, steps: 3000);
            Assert.That(report.Problems.Select(p => p.Kind), Has.None.EqualTo(EnvCheckKind.ObservationOutOfBounds), report.ToString());
        }
    }
}
