using RagAgent.Envs.CartPole;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Envs.Evaluation;

public sealed class EpisodeRunnerTests
{
    private static EvaluationResult Run(ScriptedEnv env, int episodes, int seed = 0) =>
        EpisodeRunner.Run(env, new FixedActionPolicy(1), new EvaluationOptions { Episodes = episodes, Seed = seed });

    [Test]
    public void Run_ScriptedEnv_PerGoalAndPerEpisodeMatchTheConstruction()
    {
        // Seeds 0..8: tasks 0,1,2 three times each; task t lasts t + 2 steps of reward 1; tasks 0 and 2 succeed.
        EvaluationResult result = Run(new ScriptedEnv(), episodes: 9);

        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Is.EqualTo(9));
            Assert.That(result.MeanReturn, Is.EqualTo(3.0));
            Assert.That(result.StdReturn, Is.EqualTo(Math.Sqrt(2.0 / 3.0)).Within(1e-12));
            Assert.That(result.MeanLength, Is.EqualTo(3.0));
            Assert.That(result.SuccessRate, Is.EqualTo(6 / 9.0).Within(1e-12), "task 0's success on a non-final step counts");
            Assert.That(result.PerGoal, Is.EqualTo(new[]
            {
                new GoalResult(0, 3, 2.0, 2.0, 1.0),
                new GoalResult(1, 3, 3.0, 3.0, 0.0),
                new GoalResult(2, 3, 4.0, 4.0, 1.0),
            }));
            Assert.That(result.PerEpisode.Select(e => e.TaskId), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2, 0, 1, 2 }));
            Assert.That(result.PerEpisode.Select(e => e.Length), Is.EqualTo(new[] { 2, 3, 4, 2, 3, 4, 2, 3, 4 }));
            Assert.That(result.PerEpisode.Select(e => e.Return), Is.EqualTo(new[] { 2.0, 3, 4, 2, 3, 4, 2, 3, 4 }));
            Assert.That(result.PerEpisode.Select(e => e.IsSuccess), Is.EqualTo(new bool?[] { true, false, true, true, false, true, true, false, true }));
        });
    }

    [Test]
    public void Run_VectorEnv_SplitsEpisodesAcrossCopiesAndMatchesTheConstruction()
    {
        // Copy 0 is reset with seed 0 (tasks 0,1,2,0,1,...), copy 1 with seed 1 (tasks 1,2,0,1,2,...); each counts 5.
        using var envs = new SyncVectorEnv([new ScriptedEnv(), new ScriptedEnv()]);
        EvaluationResult result = EpisodeRunner.Run(envs, new FixedActionPolicy(0), new EvaluationOptions { Episodes = 10, Seed = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Is.EqualTo(10));
            Assert.That(result.PerGoal, Is.EqualTo(new[]
            {
                new GoalResult(0, 3, 2.0, 2.0, 1.0),
                new GoalResult(1, 4, 3.0, 3.0, 0.0),
                new GoalResult(2, 3, 4.0, 4.0, 1.0),
            }));
            Assert.That(result.MeanReturn, Is.EqualTo(3.0).Within(1e-12));
            Assert.That(result.SuccessRate, Is.EqualTo(0.6).Within(1e-12));
        });
    }

    [Test]
    public void Run_NaNReward_ThrowsNamingEnvEpisodeSeedStepAndValue()
    {
        var e = Assert.Throws<NotFiniteNumberException>(() => Run(new ScriptedEnv(nanSeed: 14), episodes: 9, seed: 10));

        Assert.That(e!.Message, Does.Contain("env 'scripted'").And.Contain("episode 4 (reset with seed 14)").And.Contain("step 2").And.Contain("NaN"));
        Assert.That(e.OffendingNumber, Is.NaN);
    }

    [Test]
    public void Run_NaNRewardInVectorEnv_ThrowsNamingTheCopy()
    {
        using var envs = new SyncVectorEnv([new ScriptedEnv(), new ScriptedEnv(nanSeed: 1)]);

        var e = Assert.Throws<NotFiniteNumberException>(
            () => EpisodeRunner.Run(envs, new FixedActionPolicy(0), new EvaluationOptions { Episodes = 4 }));

        Assert.That(e!.Message, Does.Contain("copy 1, episode 0 of that copy").And.Contain("step 2").And.Contain("NaN"));
    }

    [Test]
    public void Run_EnvWithoutSuccess_SuccessIsNotDefinedUnlessDeclared()
    {
        EvaluationResult undeclared = EpisodeRunner.Run(new CartPoleEnv(), new FixedActionPolicy(0), new EvaluationOptions { Episodes = 3 });
        EvaluationResult declared = EpisodeRunner.Run(new CartPoleEnv(), new FixedActionPolicy(0), new EvaluationOptions { Episodes = 3, HasSuccess = true });

        Assert.Multiple(() =>
        {
            Assert.That(undeclared.SuccessRate, Is.Null);
            Assert.That(undeclared.PerGoal.Single().SuccessRate, Is.Null);
            Assert.That(undeclared.PerEpisode.Select(e => e.IsSuccess), Is.All.Null);
            Assert.That(declared.SuccessRate, Is.EqualTo(0.0));
            Assert.That(declared.MeanReturn, Is.EqualTo(undeclared.MeanReturn));
        });
    }

    [Test]
    public void Run_SingleTaskEnvThatReportsSuccess_CountsIt()
    {
        EvaluationResult result = Run(new ScriptedEnv(numTasks: 0), episodes: 3);

        Assert.That(result.SuccessRate, Is.EqualTo(2 / 3.0).Within(1e-12));
        Assert.That(result.PerGoal.Select(g => g.TaskId), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Run_SuccessFromEnvDeclaredWithout_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => EpisodeRunner.Run(new ScriptedEnv(), new FixedActionPolicy(0), new EvaluationOptions { Episodes = 3, HasSuccess = false }));

        Assert.That(e!.Message, Does.Contain("HasSuccess is false").And.Contain("episode 0"));
    }

    [Test]
    public void Run_EpisodePastTheGuard_ThrowsNamingTheGuard()
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => EpisodeRunner.Run(new ScriptedEnv(extraSteps: 1000), new FixedActionPolicy(0), new EvaluationOptions { Episodes = 1, MaxStepsPerEpisode = 50 }));

        Assert.That(e!.Message, Does.Contain("MaxStepsPerEpisode = 50").And.Contain("env 'scripted'"));
    }

    [TestCase(0, 10)]
    [TestCase(10, 0)]
    public void Run_BadOptions_ThrowNamingTheField(int episodes, int maxSteps)
    {
        var e = Assert.Throws<ArgumentException>(
            () => EpisodeRunner.Run(new ScriptedEnv(), new FixedActionPolicy(0), new EvaluationOptions { Episodes = episodes, MaxStepsPerEpisode = maxSteps }));

        Assert.That(e!.ParamName, Is.EqualTo(episodes == 0 ? "Episodes" : "MaxStepsPerEpisode"));
    }

    [Test]
    public void Run_SameSeed_SameEpisodes()
    {
        EvaluationResult a = Run(new ScriptedEnv(), episodes: 7, seed: 5);
        EvaluationResult b = Run(new ScriptedEnv(), episodes: 7, seed: 5);
        EvaluationResult other = Run(new ScriptedEnv(), episodes: 7, seed: 6);

        Assert.That(b.PerEpisode, Is.EqualTo(a.PerEpisode));
        Assert.That(other.PerEpisode, Is.Not.EqualTo(a.PerEpisode));
    }

    [Test]
    public void Run_LongerEpisodes_AllocateNothingMorePerStep()
    {
        var policy = new FixedActionPolicy(0);
        var options = new EvaluationOptions { Episodes = 30 };
        var shortEnv = new ScriptedEnv();
        var longEnv = new ScriptedEnv(extraSteps: 200);
        EpisodeRunner.Run(shortEnv, policy, options);
        EpisodeRunner.Run(longEnv, policy, options);

        long before = GC.GetAllocatedBytesForCurrentThread();
        EvaluationResult shortResult = EpisodeRunner.Run(shortEnv, policy, options);
        long shortBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        EvaluationResult longResult = EpisodeRunner.Run(longEnv, policy, options);
        long longBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(longResult.MeanLength - shortResult.MeanLength, Is.EqualTo(200.0), "6000 more steps");
        Assert.That(longBytes, Is.EqualTo(shortBytes));
    }
}
