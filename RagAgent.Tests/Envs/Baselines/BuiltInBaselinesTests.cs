using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.Baselines;

public sealed class BuiltInBaselinesTests
{
    /// <summary>Three steps per episode (or never ending); reward = action; success when every action was 1.</summary>
    private sealed class ThreeStepEnv(bool endless = false) : IEnv
    {
        private readonly Observation _observation = new(new EnvSpec { Id = "three-step", GlobalFeatureSize = 1, ExtraActions = 2 });
        private int _steps;
        private bool _allOnes;

        public EnvSpec Spec => _observation.Spec;

        public ResetResult Reset(int? seed = null)
        {
            _steps = 0;
            _allOnes = true;
            return new ResetResult(_observation, default);
        }

        public StepResult Step(int action)
        {
            _steps++;
            _allOnes &= action == 1;
            bool done = !endless && _steps == 3;
            return new StepResult(_observation, action, done, false, new EnvInfo(done && _allOnes));
        }
    }

    private sealed class ConstantPolicy(int action) : IBaselinePolicy
    {
        public string Name => "constant";

        public int Act(Observation observation) => action;
    }

    private static IEnv Make(string id, GoalSplit goals) => id switch
    {
        GraphNavEnv.Id => new GraphNavEnv(new GraphNavOptions { Goals = goals }),
        RetrievalEnv.Id => new RetrievalEnv(new RetrievalOptions { Goals = goals }),
        SmartHomeEnv.Id => new SmartHomeEnv(new SmartHomeOptions { Goals = goals }),
        _ => new TaskSelectEnv(new TaskSelectOptions { Goals = goals }),
    };

    [Test]
    public void Measure_KnownEnv_ReturnsExactStatistics()
    {
        BaselineResult ones = BuiltInBaselines.Measure(new ThreeStepEnv(), new ConstantPolicy(1), 10, 0);
        Assert.That(ones, Is.EqualTo(new BaselineResult(10, 3.0, 0.0, 1.0, 3.0)));
        BaselineResult zeros = BuiltInBaselines.Measure(new ThreeStepEnv(), new ConstantPolicy(0), 4, 0);
        Assert.That(zeros.MeanReturn, Is.Zero);
        Assert.That(zeros.SuccessRate, Is.Zero);
    }

    [Test]
    public void Measure_EnvThatNeverEnds_ThrowsNamingTheGuard()
    {
        var e = Assert.Throws<InvalidOperationException>(() => BuiltInBaselines.Measure(new ThreeStepEnv(endless: true), new ConstantPolicy(1), 1, 0, maxStepsPerEpisode: 50));
        Assert.That(e!.Message, Does.Contain("maxStepsPerEpisode = 50"));
    }

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
            BaselineResult greedy = BuiltInBaselines.Measure(Make(id, goals), BuiltInBaselines.Greedy(id), 300, 0);
            BaselineResult random = BuiltInBaselines.Measure(Make(id, goals), new RandomPolicy(0), 300, 0);
            Assert.That(greedy.SuccessRate, Is.GreaterThanOrEqualTo(greedySuccess), $"{id} {goals} greedy");
            Assert.That(greedy.MeanReturn, Is.GreaterThan(random.MeanReturn + 0.2), $"{id} {goals} return");
            Assert.That(random.SuccessRate, Is.LessThan(greedy.SuccessRate), $"{id} {goals} random");
        }
    }

    [Test]
    public void Greedy_UnknownEnv_ThrowsListingKnownIds()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInBaselines.Greedy("cartpole"));
        Assert.That(e!.Message, Does.Contain("graph-nav"));
    }
}
