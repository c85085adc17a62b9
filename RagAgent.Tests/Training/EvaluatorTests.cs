using RagAgent.Core.Training;
using RagAgent.Envs.Evaluation;
using RagAgent.Tests.Algorithms.Ppo.Doubles;
using RagAgent.Tests.Envs.Evaluation;

namespace RagAgent.Tests.Training;

public sealed class EvaluatorTests
{
    /// <summary>A linear policy whose "right" logit dominates everywhere: deterministic play walks straight to the goal.</summary>
    private static LinearActorCritic AlwaysRight()
    {
        var policy = new LinearActorCritic(ChainEnv.ChainSpec, 1, 0);
        Array.Clear(policy.Parameters);
        int biasOffset = ChainEnv.ChainSpec.NumActions * ChainEnv.ChainSpec.GlobalFeatureSize;
        policy.Parameters[biasOffset + 1] = 10f;
        return policy;
    }

    [Test]
    public void Evaluate_DeterministicAlwaysRight_ReachesGoalEveryEpisode()
    {
        var evaluator = new Evaluator(AlwaysRight());
        EvaluationResult result = evaluator.Evaluate(new ChainEnv(), episodes: 20, deterministic: true, seed: 4);

        // Recompute the expected returns from the start cells the env draws for seeds 4..23.
        var env = new ChainEnv();
        double[] expected = [.. Enumerable.Range(4, 20).Select(s =>
        {
            int start = Array.IndexOf(env.Reset(s).Observation.Globals, 1f);
            int distance = ChainEnv.Length - 1 - start;
            return 1.0 - (0.05 * (distance - 1));
        })];
        double mean = expected.Average();
        double std = Math.Sqrt(expected.Average(r => (r - mean) * (r - mean)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Is.EqualTo(20));
            Assert.That(result.SuccessRate, Is.EqualTo(1.0));
            Assert.That(result.MeanReturn, Is.EqualTo(mean).Within(1e-5));
            Assert.That(result.StdReturn, Is.EqualTo(std).Within(1e-4));
        });
    }

    [Test]
    public void Evaluate_SampledWithSeed_IsReproducibleAndNeverTakesForbiddenAction()
    {
        var policy = new LinearActorCritic(ChainEnv.ChainSpec, 1, 3);
        // The chain env throws on a forbidden action, so finishing proves only allowed actions were taken.
        EvaluationResult a = new Evaluator(policy).Evaluate(new ChainEnv(), 30, deterministic: false, seed: 9);
        EvaluationResult b = new Evaluator(policy).Evaluate(new ChainEnv(), 30, deterministic: false, seed: 9);
        EvaluationResult other = new Evaluator(policy).Evaluate(new ChainEnv(), 30, deterministic: false, seed: 10);
        Assert.That(b.PerEpisode, Is.EqualTo(a.PerEpisode));
        Assert.That((b.MeanReturn, b.StdReturn, b.MeanLength, b.SuccessRate), Is.EqualTo((a.MeanReturn, a.StdReturn, a.MeanLength, a.SuccessRate)));
        Assert.That(other.PerEpisode, Is.Not.EqualTo(a.PerEpisode), "the seed takes effect");
        Assert.That(a.SuccessRate, Is.LessThan(1.0), "a near-uniform policy misses some goals within the time limit");
    }

    [Test]
    public void EvaluateVector_AlwaysRightOnThreeCopies_CountsEpisodesPerCopyAndMatchesReturns()
    {
        LinearActorCritic policy = AlwaysRight();
        var wide = new LinearActorCritic(ChainEnv.ChainSpec, 3, 0);
        policy.Parameters.AsSpan().CopyTo(wide.Parameters);
        using var envs = new TestVectorEnv(3, () => new ChainEnv());
        EvaluationResult result = new Evaluator(wide).Evaluate(envs, new EvaluationOptions { Episodes = 10, Seed = 2 }, deterministic: true);
        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Is.EqualTo(10));
            Assert.That(result.SuccessRate, Is.EqualTo(1.0));
            // Always-right reaches the goal in 1..5 steps: return 1 − 0.05·(length − 1).
            Assert.That(result.MeanReturn, Is.EqualTo(1.0 - (0.05 * (result.MeanLength - 1.0))).Within(1e-5));
            Assert.That(result.MeanLength, Is.InRange(1.0, 5.0));
            Assert.That(result.PerEpisode.Select(e => e.Return), Is.EqualTo(result.PerEpisode.Select(e => 1.0 - (0.05 * (e.Length - 1)))).Within(1e-5));
        });
    }

    /// <summary>The scripted env pays the same whatever the actions, so any policy must score its construction.</summary>
    private static LinearActorCritic ScriptedPolicy(int maxBatchSize = 1) => new(new ScriptedEnv().Spec, maxBatchSize, 7);

    [Test]
    public void Evaluate_ScriptedEnv_CountsSuccessLikeTheBaselines()
    {
        // Task 0 reports success on its first step, not its last: both must count it (the old baseline loop read only the last step).
        EvaluationResult sampled = new Evaluator(ScriptedPolicy()).Evaluate(new ScriptedEnv(), episodes: 9, deterministic: false, seed: 3);
        EvaluationResult baseline = EpisodeRunner.Run(new ScriptedEnv(), new FixedActionPolicy(1), new EvaluationOptions { Episodes = 9, Seed = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(sampled.SuccessRate, Is.EqualTo(6 / 9.0).Within(1e-12));
            Assert.That(baseline.SuccessRate, Is.EqualTo(sampled.SuccessRate));
            Assert.That(sampled.PerEpisode, Is.EqualTo(baseline.PerEpisode));
            Assert.That(sampled.PerGoal, Is.EqualTo(baseline.PerGoal));
            Assert.That(sampled.PerGoal.Select(g => (g.TaskId, g.Episodes, g.SuccessRate)), Is.EqualTo(new (int, int, double?)[] { (0, 3, 1.0), (1, 3, 0.0), (2, 3, 1.0) }));
        });
    }

    [Test]
    public void EvaluateVector_ScriptedEnv_PerGoalMatchesTheConstruction()
    {
        using var envs = new TestVectorEnv(3, () => new ScriptedEnv());
        EvaluationResult result = new Evaluator(ScriptedPolicy(3)).Evaluate(envs, new EvaluationOptions { Episodes = 9 }, deterministic: true);

        // Copies reset with seeds 0, 1, 2 then continue their task cycle: each copy plays tasks c, c+1, c+2 (mod 3).
        Assert.That(result.PerGoal, Is.EqualTo(new[]
        {
            new GoalResult(0, 3, 2.0, 2.0, 1.0),
            new GoalResult(1, 3, 3.0, 3.0, 0.0),
            new GoalResult(2, 3, 4.0, 4.0, 1.0),
        }));
    }

    [Test]
    public void Evaluate_NaNReward_ThrowsNamingEnvEpisodeStepAndValue()
    {
        var e = Assert.Throws<NotFiniteNumberException>(
            () => new Evaluator(ScriptedPolicy()).Evaluate(new ScriptedEnv(nanSeed: 2), episodes: 5, seed: 0));

        Assert.That(e!.Message, Does.Contain("env 'scripted'").And.Contain("episode 2").And.Contain("step 2").And.Contain("NaN"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Evaluate_LongerEpisodes_AllocateNothingMorePerStep(bool deterministic)
    {
        var evaluator = new Evaluator(ScriptedPolicy());
        var shortEnv = new ScriptedEnv();
        var longEnv = new ScriptedEnv(extraSteps: 200);
        evaluator.Evaluate(shortEnv, 20, deterministic);
        evaluator.Evaluate(longEnv, 20, deterministic);

        long before = GC.GetAllocatedBytesForCurrentThread();
        evaluator.Evaluate(shortEnv, 20, deterministic);
        long shortBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        EvaluationResult longResult = evaluator.Evaluate(longEnv, 20, deterministic);
        long longBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(longResult.MeanLength, Is.GreaterThan(200.0));
        Assert.That(longBytes, Is.EqualTo(shortBytes), "4000 more steps allocate nothing more");
    }
}
