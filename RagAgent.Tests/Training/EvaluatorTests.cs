using RagAgent.Core.Training;
using RagAgent.Tests.Algorithms.Ppo.Doubles;

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
            Assert.That(result.SuccessRate, Is.EqualTo(1f));
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
        Assert.That(b, Is.EqualTo(a));
        Assert.That(a.SuccessRate, Is.LessThan(1f), "a near-uniform policy misses some goals within the time limit");
    }

    [Test]
    public void EvaluateVector_AlwaysRightOnThreeCopies_CountsEpisodesPerCopyAndMatchesReturns()
    {
        LinearActorCritic policy = AlwaysRight();
        var wide = new LinearActorCritic(ChainEnv.ChainSpec, 3, 0);
        policy.Parameters.AsSpan().CopyTo(wide.Parameters);
        using var envs = new TestVectorEnv(3, () => new ChainEnv());
        EvaluationResult result = new Evaluator(wide).Evaluate(envs, episodes: 10, deterministic: true, seed: 2);
        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Is.EqualTo(10));
            Assert.That(result.SuccessRate, Is.EqualTo(1f));
            // Always-right reaches the goal in 1..5 steps: return 1 − 0.05·(length − 1).
            Assert.That(result.MeanReturn, Is.EqualTo(1f - (0.05f * (result.MeanLength - 1f))).Within(1e-5f));
            Assert.That(result.MeanLength, Is.InRange(1f, 5f));
        });
    }
}
