using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Policies;

/// <summary>
/// Experiment behind <see cref="PolicyOptions.NodeIdEmbedding"/>'s default (explicit: about 35 s each on the shared
/// 2-core machine): PPO with the task-node policy on graph-nav's training goals for 150k steps, then greedy success
/// over 200 episodes on training and on held-out goals.
/// Run: <c>dotnet test RagAgent.Tests -c Release --filter "FullyQualifiedName~GraphNavHeldOutExperiment" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("Learning experiment, about 35 s per case.")]
[Category(TestCategories.Learning)]
public sealed class GraphNavHeldOutExperiment
{
    [TestCase(IdEmbedding.Auto, 0.75)]
    [TestCase(IdEmbedding.Always, 0.0)]
    public void Train_TrainingGoals_GreedySuccessOnTrainingAndHeldOutGoals(IdEmbedding nodeIdEmbedding, double minimumHeldOut)
    {
        var options = new PpoOptions { NumEnvs = 8 };
        IEnv[] envs = Enumerable.Range(0, options.NumEnvs).Select(_ => (IEnv)new GraphNavEnv()).ToArray();
        var vectorEnv = new SyncVectorEnv(envs);
        var policyOptions = new PolicyOptions { NodeIdEmbedding = nodeIdEmbedding };
        IActorCritic policy = PolicyFactory.Create(vectorEnv.Spec, policyOptions, seed: 1);
        var trainer = new PpoTrainer(policy, vectorEnv, options, seed: 1);

        trainer.Learn(150_000);
        double train = GreedySuccess(policy, GoalSplit.Train);
        double heldOut = GreedySuccess(policy, GoalSplit.HeldOut);

        TestContext.Out.WriteLine($"NodeIdEmbedding={nodeIdEmbedding}: greedy success train {train:F2}, held-out {heldOut:F2}");
        Assert.That(train, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(heldOut, Is.GreaterThanOrEqualTo(minimumHeldOut));
    }

    private static double GreedySuccess(IActorCritic policy, GoalSplit goals) =>
        new Evaluator(policy)
            .Evaluate(new GraphNavEnv(new GraphNavOptions { Goals = goals }), new EvaluationOptions { Episodes = 200, Seed = 1000 }, deterministic: true)
            .SuccessRate!.Value;
}
