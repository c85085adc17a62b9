using RagAgent.Core.Algorithms;
using RagAgent.Core.Buffers;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Algorithms;

/// <summary>A broken observation or reward from one env copy is reported with the copy, the global step and the field.</summary>
public sealed class RolloutCollectorTests
{
    [Test]
    public void Collect_NaNInOneCopysObservation_NamesTheCopyStepAndField()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Collect(new Faulty(new CartPoleEnv(), Fault.NaNGlobal, atStep: 3)));

        Assert.That(error!.Message, Does.Contain("copy 2").And.Contain("global step 9").And.Contain("Globals[1]").And.Contain("NaN"));
    }

    [Test]
    public void Collect_AllFalseMaskInOneCopy_NamesTheCopyStepAndTheMask()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Collect(new Faulty(new CartPoleEnv(), Fault.EmptyMask, atStep: 2)));

        Assert.That(error!.Message, Does.Contain("copy 2").And.Contain("global step 6").And.Contain("ActionMask"));
    }

    [Test]
    public void Collect_NaNRewardInOneCopy_NamesTheCopyAndStep()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Collect(new Faulty(new CartPoleEnv(), Fault.NaNReward, atStep: 4)));

        Assert.That(error!.Message, Does.Contain("rewards[2]").And.Contain("global step 12").And.Contain("NaN"));
    }

    // Three CartPole copies; the third commits the fault on its step `atStep` (1-based), i.e. at global step 3 x atStep.
    private static void Collect(IEnv faulty)
    {
        using var envs = new SyncVectorEnv([new CartPoleEnv(), new CartPoleEnv(), faulty]);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, new PolicyOptions(), seed: 1);
        var collector = new RolloutCollector(policy, envs, seed: 1, statsWindowSize: 10);
        collector.Collect(new RolloutBuffer(envs.Spec, numSteps: 8, numEnvs: 3), samplerSeed: 1, gamma: 0.99f, gaeLambda: 0.95f);
    }

    private enum Fault
    {
        NaNGlobal,
        EmptyMask,
        NaNReward,
    }

    private sealed class Faulty(IEnv inner, Fault fault, int atStep) : IEnv
    {
        private int _steps;

        public EnvSpec Spec => inner.Spec;

        public ResetResult Reset(int? seed = null)
        {
            _steps = 0;
            return inner.Reset(seed);
        }

        public StepResult Step(int action)
        {
            StepResult step = inner.Step(action);
            if (++_steps != atStep)
            {
                return step;
            }

            switch (fault)
            {
                case Fault.NaNGlobal:
                    step.Observation.Globals[1] = float.NaN;
                    return step;
                case Fault.EmptyMask:
                    Array.Fill(step.Observation.ActionMask, false);
                    return step;
                default:
                    return step with { Reward = float.NaN };
            }
        }
    }
}
