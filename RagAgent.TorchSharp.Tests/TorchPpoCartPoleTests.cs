using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.TorchSharp.Tests;

/// <summary>PPO (unchanged, through the seam) on the torch engine with the built-in CartPole.</summary>
public sealed class TorchPpoCartPoleTests
{
    private static (PpoTrainer Trainer, TorchActorCritic Policy) CreateTrainer(PpoOptions options, int seed)
    {
        IVectorEnv envs = EnvRegistry.CreateDefault().MakeVector("cartpole", options.NumEnvs);
        TorchActorCritic policy = TorchPolicyFactory.Create(envs.Spec, new PolicyOptions { Architecture = PolicyArchitecture.Mlp }, seed);
        return (new PpoTrainer(policy, envs, options, seed), policy);
    }

    private static UpdateMetrics WithoutTiming(UpdateMetrics m) => m with { Sps = 0, WallSeconds = 0 };

    /// <summary>Learning test (3 s on a quiet 2-core machine, 40 s under heavy load; seed 0 reaches 475 at 33,536 steps): rl-zoo's CartPole preset on the torch engine gets the mean return
    /// of the last 20 episodes to CartPole's threshold 475 within 60k env steps (the managed engine: 27k-36k steps,
    /// benchmarks/results/ppo.md).</summary>
    [Test]
    [Category("Learning")]
    public void Learn_CartPoleZooPreset_MeanReturnReaches475Within60kSteps()
    {
        (PpoTrainer trainer, TorchActorCritic policy) = CreateTrainer(PpoPresets.CartPoleZoo with { StatsWindowSize = 20 }, seed: 0);
        using (policy)
        {
            var stop = new StopOnMeanReturnCallback(475f, minEpisodes: 20);
            trainer.Learn(60_000, [stop]);
            TestContext.Out.WriteLine($"torch engine: mean return {trainer.History[^1].MeanReturn} at step {trainer.GlobalStep}; reached 475 at {stop.ReachedAtStep}");
            Assert.That(stop.ReachedAtStep, Is.Not.Null, $"mean return after {trainer.GlobalStep} steps: {trainer.History[^1].MeanReturn}");
            Assert.That(trainer.History[0].MeanReturn, Is.LessThan(50f), "the untrained policy is near random");
        }
    }

    [Test]
    public void Learn_CartPoleSameSeedTwice_GivesBitIdenticalCurvesAndWeights()
    {
        PpoOptions options = new() { NumSteps = 64 };
        (PpoTrainer a, TorchActorCritic policyA) = CreateTrainer(options, seed: 11);
        (PpoTrainer b, TorchActorCritic policyB) = CreateTrainer(options, seed: 11);
        using (policyA)
        using (policyB)
        {
            a.Learn(6 * options.BatchSize);
            b.Learn(6 * options.BatchSize);
            Assert.That(a.History[^1].Episodes, Is.GreaterThan(0));
            Assert.That(b.History.Select(WithoutTiming), Is.EqualTo(a.History.Select(WithoutTiming)));
            Assert.That(policyB.ExportWeights().SelectMany(t => t.Data), Is.EqualTo(policyA.ExportWeights().SelectMany(t => t.Data)));
        }
    }
}
