using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

public sealed class StepGuardTests
{
    private static readonly EnvSpec Spec = new() { Id = "my-env", GlobalFeatureSize = 1, ExtraActions = 3 };

    private static readonly bool[] Mask = [true, false, true];

    [Test]
    public void ThrowIfCannotStep_EpisodeNotRunning_ThrowsNamingTheEnv()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StepGuard.ThrowIfCannotStep(Spec, false, 0, Mask));
        Assert.That(e!.Message, Does.Contain("my-env").And.Contain("call Reset"));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(-1)]
    public void ThrowIfCannotStep_ForbiddenOrOutOfRangeAction_ThrowsInvalidAction(int action)
    {
        var e = Assert.Throws<InvalidActionException>(() => StepGuard.ThrowIfCannotStep(Spec, true, action, Mask));
        Assert.That(e!.Message, Does.Contain($"action {action}").And.Contain("[0, 2]"));
    }

    [Test]
    public void ThrowIfCannotStep_RunningAndAllowed_DoesNotThrow() =>
        Assert.DoesNotThrow(() => StepGuard.ThrowIfCannotStep(Spec, true, 2, Mask));

    [Test]
    public void ThrowIfCannotStep_ActionAtNumActionsWithLongerMask_ThrowsOutsideTheActionSpace()
    {
        // The mask has a fourth entry, but the spec has 3 actions: action 3 is outside the action space.
        bool[] longMask = [true, false, true, true];
        var e = Assert.Throws<InvalidActionException>(() => StepGuard.ThrowIfCannotStep(Spec, true, 3, longMask));
        Assert.That(e!.Message, Does.Contain("outside the action space [0, 3)"));
    }

    [Test]
    public void ThrowIfCannotStep_ShortMask_NamesTheMaskLengthAndNumActions()
    {
        // Action 2 is inside the spec's action space; the env's mask is one entry short (a bug of the env).
        bool[] shortMask = [true, true];
        var e = Assert.Throws<InvalidOperationException>(() => StepGuard.ThrowIfCannotStep(Spec, true, 2, shortMask));
        Assert.That(e, Is.Not.InstanceOf<InvalidActionException>());
        Assert.That(e!.Message, Does.Contain("ActionMask has 2 entries").And.Contain("NumActions is 3"));
    }
}
