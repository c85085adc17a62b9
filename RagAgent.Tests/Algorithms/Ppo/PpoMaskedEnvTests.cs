using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Algorithms.Ppo;

/// <summary>PPO on the masked multi-goal envs with the policy the factory picks for them (task-node).</summary>
public sealed class PpoMaskedEnvTests
{
    [TestCase("graph-nav")]
    [TestCase("smart-home")]
    [TestCase("task-select")]
    [TestCase("retrieval")]
    public void Learn_MaskedMultiGoalEnv_RunsWithFiniteLossesAndOnlyAllowedActions(string envId)
    {
        PpoOptions options = new() { NumEnvs = 2, NumSteps = 32, NumMinibatches = 2, UpdateEpochs = 2 };
        var policyOptions = new PolicyOptions();
        var envs = EnvRegistry.CreateDefault().MakeVector(envId, options.NumEnvs);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, 0);
        var trainer = new PpoTrainer(
            policy, envs, options, seed: 0);

        // The envs throw InvalidActionException on a forbidden action, so finishing proves the masks were respected.
        trainer.Learn(3 * options.BatchSize);

        Assert.That(trainer.History, Has.Count.EqualTo(3));
        foreach (UpdateMetrics m in trainer.History)
        {
            Assert.That(float.IsFinite(m.PolicyLoss) && float.IsFinite(m.ValueLoss) && float.IsFinite(m.Entropy) && float.IsFinite(m.ApproxKl), Is.True, m.ToString());
        }

        for (int row = 0; row < trainer.Buffer.Size; row++)
        {
            Assert.That(trainer.Buffer.Observations.ActionMask(row)[trainer.Buffer.Actions[row]], Is.True);
        }
    }
}
