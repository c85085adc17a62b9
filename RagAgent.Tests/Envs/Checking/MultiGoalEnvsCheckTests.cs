using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Checking;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.Checking;

/// <summary>The env checker on the multi-goal envs, through the registry and with non-default options.</summary>
public sealed class MultiGoalEnvsCheckTests
{
    private static readonly string[] Ids = [GraphNavEnv.Id, RetrievalEnv.Id, SmartHomeEnv.Id, TaskSelectEnv.Id];

    private static IEnumerable<TestCaseData> Variants()
    {
        yield return new TestCaseData(new GraphNavEnv(new GraphNavOptions { NumNodes = 40, ConnectionRadius = 0.1f, Goals = GoalSplit.All, WorldSeed = 3 })).SetName("graph-nav sparse 40 nodes");
        yield return new TestCaseData(new RetrievalEnv(new RetrievalOptions { NumDocuments = 8, NumTopics = 2, Budget = 20, WorldSeed = 4 })).SetName("retrieval budget above corpus");
        yield return new TestCaseData(new RetrievalEnv(new RetrievalOptions { MaxEpisodeSteps = 3, Goals = GoalSplit.HeldOut })).SetName("retrieval truncated");
        yield return new TestCaseData(new SmartHomeEnv(new SmartHomeOptions { NumDevices = 3, OfflineProbability = 0.9f, WorldSeed = 5 })).SetName("smart-home mostly offline");
        yield return new TestCaseData(new TaskSelectEnv(new TaskSelectOptions { NumSubTasks = 16, PrerequisiteProbability = 1f, MaxPrerequisites = 3, Goals = GoalSplit.All })).SetName("task-select dense prerequisites");
    }

    [TestCaseSource(nameof(Ids))]
    public void Check_RegisteredEnvOnEverySplit_NoProblem(string id)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (GoalSplit goals in new[] { GoalSplit.Train, GoalSplit.HeldOut, GoalSplit.All })
        {
            EnvCheckReport report = EnvChecker.Check(registry.Make(id, new EnvMakeOptions { Goals = goals, WorldSeed = 1 }), steps: 500);
            Assert.That(report.IsValid, Is.True, $"{goals}: {report}");
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Check_NonDefaultOptions_NoProblem(IEnv env)
    {
        EnvCheckReport report = EnvChecker.Check(env, steps: 500);
        Assert.That(report.IsValid, Is.True, report.ToString());
    }
}
