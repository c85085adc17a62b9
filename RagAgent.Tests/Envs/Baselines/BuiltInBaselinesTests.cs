using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.Baselines;

public sealed class BuiltInBaselinesTests
{
    private static IEnv Make(string id, GoalSplit goals) => id switch
    {
        GraphNavEnv.Id => new GraphNavEnv(new GraphNavOptions { Goals = goals }),
        RetrievalEnv.Id => new RetrievalEnv(new RetrievalOptions { Goals = goals }),
        SmartHomeEnv.Id => new SmartHomeEnv(new SmartHomeOptions { Goals = goals }),
        _ => new TaskSelectEnv(new TaskSelectOptions { Goals = goals }),
    };

    [Test]
    public void RandomPolicy_Act_OnlyAllowedActionsAndAllOfThem()
    {
        var observation = new Observation(new EnvSpec { Id = "mask", GlobalFeatureSize = 1, ExtraActions = 6 });
        bool[] allowed = [false, true, false, true, true, false];
        allowed.CopyTo(observation.ActionMask, 0);
        var policy = new RandomPolicy(0);
        int[] counts = new int[6];
        for (int i = 0; i < 3000; i++)
        {
            counts[policy.Act(observation)]++;
        }

        Assert.That(counts[0] + counts[2] + counts[5], Is.Zero);
        Assert.That(new[] { counts[1], counts[3], counts[4] }, Has.All.InRange(900, 1100));
    }

    [TestCase(GraphNavEnv.Id, 0.85)]
    [TestCase(RetrievalEnv.Id, 0.85)]
    [TestCase(SmartHomeEnv.Id, 0.99)]
    [TestCase(TaskSelectEnv.Id, 0.4)]
    public void Greedy_TrainAndHeldOutGoals_BeatsRandom(string id, double greedySuccess)
    {
        foreach (GoalSplit goals in new[] { GoalSplit.Train, GoalSplit.HeldOut })
        {
            var options = new EvaluationOptions { Episodes = 300, Seed = 0 };
            EvaluationResult greedy = EpisodeRunner.Run(Make(id, goals), BuiltInBaselines.Greedy(id), options);
            EvaluationResult random = EpisodeRunner.Run(Make(id, goals), new RandomPolicy(0), options);
            Assert.That(greedy.SuccessRate, Is.GreaterThanOrEqualTo(greedySuccess), $"{id} {goals} greedy");
            Assert.That(greedy.MeanReturn, Is.GreaterThan(random.MeanReturn + 0.2), $"{id} {goals} return");
            Assert.That(random.SuccessRate, Is.LessThan(greedy.SuccessRate), $"{id} {goals} random");
        }
    }

    [Test]
    public void BatchAct_ActsOnEachObservationInTurn()
    {
        var spec = new EnvSpec { Id = "mask", GlobalFeatureSize = 1, ExtraActions = 3 };
        Observation[] observations = [new(spec), new(spec), new(spec)];
        for (int i = 0; i < 3; i++)
        {
            Array.Fill(observations[i].ActionMask, false);
            observations[i].ActionMask[2 - i] = true;
        }

        int[] actions = new int[3];
        ActBatch(new RandomPolicy(0), observations, actions);

        Assert.That(actions, Is.EqualTo(new[] { 2, 1, 0 }));
        Assert.That(() => ActBatch(new RandomPolicy(0), observations, new int[4]), Throws.ArgumentException.With.Message.Contains("at most 3 rows"));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The batch Act is a default interface member, reachable only through the interface.")]
    private static void ActBatch(IBatchPolicy policy, Observation[] observations, int[] actions)
    {
        var batch = new ObservationBatch(observations[0].Spec, observations.Length);
        for (int i = 0; i < observations.Length; i++)
        {
            batch.Write(i, observations[i]);
        }

        policy.Act(batch, actions);
    }

    [Test]
    public void Greedy_UnknownEnv_ThrowsListingKnownIds()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInBaselines.Greedy("cartpole"));
        Assert.That(e!.Message, Does.Contain("graph-nav"));
    }
}
