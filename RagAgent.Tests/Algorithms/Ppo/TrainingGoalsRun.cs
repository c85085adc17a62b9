using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Algorithms.Ppo;

/// <summary>Trains PPO on a registered multi-goal env's training goals, for tests judged on held-out goals.</summary>
internal static class TrainingGoalsRun
{
    /// <summary>Trains a policy of <paramref name="policyOptions"/> for <paramref name="steps"/> env steps (seed 0).</summary>
    public static IActorCritic Train(EnvRegistry registry, string envId, PpoOptions options, PolicyOptions policyOptions, long steps)
    {
        var envs = registry.MakeVector(envId, options.NumEnvs, new EnvMakeOptions { Goals = GoalSplit.Train });
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, 0, Math.Max(options.NumEnvs, options.MinibatchSize));
        new PpoTrainer(policy, envs, options, seed: 0, policyOptions: policyOptions).Learn(steps);
        return policy;
    }
}
