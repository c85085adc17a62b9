using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Algorithms.Ppo;

/// <summary>
/// Learning tests for PPO with the task-node policy on the multi-goal envs: trained on the training goals, judged on
/// goals held out from training. Each fails if learning or generalisation to unseen goals breaks.
/// </summary>
[Category(TestCategories.Learning)]
public sealed class PpoHeldOutGoalsTests
{
    private readonly EnvRegistry _registry = EnvRegistry.CreateDefault();

    /// <summary>
    /// graph-nav (about 10 s on the loaded 2-core machine): 40k steps of the graph-nav preset lift the sampled success
    /// rate on the held-out goals at least 0.25 above the random policy's on the same 200 episodes (random: 0.51;
    /// measured: 0.88), and on the training goals to 0.8 or more.
    /// </summary>
    [Test]
    public void Learn_GraphNavPreset_HeldOutSuccessWellAboveRandom()
    {
        IActorCritic policy = TrainOnTrainingGoals("graph-nav", PpoPresets.Get("graph-nav"), new PolicyOptions { Architecture = PolicyArchitecture.TaskNode }, 40_000);

        IEnv heldOut = HeldOut("graph-nav");
        var evaluator = new Evaluator(policy);
        EvaluationResult ppo = evaluator.Evaluate(heldOut, 200, deterministic: false, seed: 0);
        EvaluationResult random = EpisodeRunner.Run(heldOut, new RandomPolicy(0), new EvaluationOptions { Episodes = 200 });
        EvaluationResult train = evaluator.Evaluate(_registry.Make("graph-nav"), 200, deterministic: false, seed: 0);
        string report = $"held-out ppo {ppo.SuccessRate:F3} vs random {random.SuccessRate:F3}; train {train.SuccessRate:F3}";
        TestContext.Out.WriteLine(report);
        Assert.That(random.SuccessRate, Is.LessThan(0.6), report);
        Assert.That(ppo.SuccessRate, Is.GreaterThanOrEqualTo(random.SuccessRate!.Value + 0.25), report);
        Assert.That(train.SuccessRate, Is.GreaterThanOrEqualTo(0.8), report);
    }

    /// <summary>
    /// retrieval (about 5 s on the quiet machine): 50k steps of the default preset, without task-id embeddings, lift the
    /// deterministic return on the held-out queries at least 0.15 above the greedy retriever's on the same 200 episodes
    /// (greedy: 4.07; measured, seeds 0 and 1: 4.47 and 4.44). Also fails if the relevance-feedback features break.
    /// </summary>
    [Test]
    public void Learn_DefaultPresetWithoutTaskIds_RetrievalHeldOutReturnAboveGreedy()
    {
        var policyOptions = new PolicyOptions { Architecture = PolicyArchitecture.TaskNode, TaskIdEmbedding = IdEmbedding.Never };
        IActorCritic policy = TrainOnTrainingGoals("retrieval", PpoPresets.Get("default"), policyOptions, 50_000);

        IEnv heldOut = HeldOut("retrieval");
        EvaluationResult ppo = new Evaluator(policy).Evaluate(heldOut, 200, deterministic: true, seed: 0);
        EvaluationResult greedy = EpisodeRunner.Run(heldOut, BuiltInBaselines.Greedy("retrieval"), new EvaluationOptions { Episodes = 200 });
        string report = $"held-out return ppo {ppo.MeanReturn:F3} (success {ppo.SuccessRate:F3}) vs greedy {greedy.MeanReturn:F3} ({greedy.SuccessRate:F3})";
        TestContext.Out.WriteLine(report);
        Assert.That(ppo.MeanReturn, Is.GreaterThanOrEqualTo(greedy.MeanReturn + 0.15f), report);
    }

    /// <summary>
    /// smart-home (about 9 s on the quiet machine): 300k steps of the default preset lift the deterministic return on
    /// the held-out scenes at least 0.1 above the greedy heuristic's on the same 200 episodes; greedy ignores the power
    /// budget and trips the breaker in about a quarter of episodes (greedy on those 200 episodes: 1.50; measured, seeds 0–4: 1.76–1.84;
    /// at 200k steps 2 of those 5 seeds had not yet learned to declare "done").
    /// </summary>
    [Test]
    public void Learn_DefaultPreset_SmartHomeHeldOutReturnAboveGreedy()
    {
        IActorCritic policy = TrainOnTrainingGoals("smart-home", PpoPresets.Get("default"), new PolicyOptions { Architecture = PolicyArchitecture.TaskNode }, 300_000);

        IEnv heldOut = HeldOut("smart-home");
        EvaluationResult ppo = new Evaluator(policy).Evaluate(heldOut, 200, deterministic: true, seed: 0);
        EvaluationResult greedy = EpisodeRunner.Run(heldOut, BuiltInBaselines.Greedy("smart-home"), new EvaluationOptions { Episodes = 200 });
        string report = $"held-out return ppo {ppo.MeanReturn:F3} (success {ppo.SuccessRate:F3}) vs greedy {greedy.MeanReturn:F3} ({greedy.SuccessRate:F3})";
        TestContext.Out.WriteLine(report);
        Assert.That(ppo.SuccessRate, Is.GreaterThanOrEqualTo(0.95), report);
        Assert.That(ppo.MeanReturn, Is.GreaterThanOrEqualTo(greedy.MeanReturn + 0.1f), report);
    }

    private IActorCritic TrainOnTrainingGoals(string envId, PpoOptions options, PolicyOptions policyOptions, long steps)
    {
        var envs = _registry.MakeVector(envId, options.NumEnvs, new EnvMakeOptions { Goals = GoalSplit.Train });
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, 0);
        new PpoTrainer(policy, envs, options, seed: 0).Learn(steps);
        return policy;
    }

    private IEnv HeldOut(string envId) => _registry.Make(envId, new EnvMakeOptions { Goals = GoalSplit.HeldOut });
}
