using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

/// <summary>The one rule for whether a success rate is reported (training logs and evaluation both use it).</summary>
public sealed class SuccessDefinedTests
{
    [TestCase(3, 0, false, true, ExpectedResult = true)] // tasks
    [TestCase(0, 4, false, true, ExpectedResult = true)] // goal features only
    [TestCase(0, 0, false, true, ExpectedResult = false)] // no goals, no success seen yet
    [TestCase(0, 0, true, true, ExpectedResult = true)] // a success was reported
    [TestCase(3, 4, true, false, ExpectedResult = false)] // the spec declares none (CartPole)
    public bool SuccessDefined_FollowsTheDeclarationAndTheGoals(int tasks, int goalFeatures, bool seen, bool hasSuccess) =>
        new EnvSpec { Id = "x", NumTasks = tasks, GoalFeatureSize = goalFeatures, GlobalFeatureSize = 1, ExtraActions = 2, HasSuccess = hasSuccess }
            .SuccessDefined(seen);
}
