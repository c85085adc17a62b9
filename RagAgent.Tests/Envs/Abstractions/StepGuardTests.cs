using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

public sealed class StepGuardTests
{
    private static readonly bool[] Mask = [true, false, true];

    [Test]
    public void ThrowIfCannotStep_EpisodeNotRunning_ThrowsNamingTheEnv()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StepGuard.ThrowIfCannotStep("my-env", false, 0, Mask));
        Assert.That(e!.Message, Does.Contain("my-env").And.Contain("call Reset"));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(-1)]
    public void ThrowIfCannotStep_ForbiddenOrOutOfRangeAction_ThrowsInvalidAction(int action)
    {
        var e = Assert.Throws<InvalidActionException>(() => StepGuard.ThrowIfCannotStep("my-env", true, action, Mask));
        Assert.That(e!.Message, Does.Contain($"action {action}").And.Contain("[0, 2]"));
    }

    [Test]
    public void ThrowIfCannotStep_RunningAndAllowed_DoesNotThrow() =>
        Assert.DoesNotThrow(() => StepGuard.ThrowIfCannotStep("my-env", true, 2, Mask));
}
