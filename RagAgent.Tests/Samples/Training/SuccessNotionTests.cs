using RagAgent.Envs.Abstractions;
using RagAgent.Samples.Training;

namespace RagAgent.Tests.Samples.Training;

public sealed class SuccessNotionTests
{
    [Test]
    public void Filter_GoalLessEnvThatNeverSucceeds_IsNaN() =>
        Assert.That(new SuccessNotion(new EnvSpec { Id = "pole", GlobalFeatureSize = 4, ExtraActions = 2 }).Filter(0f), Is.NaN);

    [Test]
    public void Filter_GoalConditionedEnv_KeepsZero() =>
        Assert.That(new SuccessNotion(new EnvSpec { Id = "nav", NumTasks = 3, MaxNodes = 3, ActionsPerNode = 1 }).Filter(0f), Is.Zero);

    [Test]
    public void Filter_GoalLessEnvOnceItSucceeded_KeepsLaterZeros()
    {
        var notion = new SuccessNotion(new EnvSpec { Id = "flag", GlobalFeatureSize = 2, ExtraActions = 3 });

        Assert.That(notion.Filter(0f), Is.NaN);
        Assert.That(notion.Filter(0.25f), Is.EqualTo(0.25f));
        Assert.That(notion.Filter(0f), Is.Zero);
    }
}
