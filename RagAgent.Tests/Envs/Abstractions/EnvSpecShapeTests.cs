using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

public sealed class EnvSpecShapeTests
{
    private static readonly EnvSpec Nav = new()
    {
        Id = "nav", NumTasks = 3, GoalFeatureSize = 2, MaxNodes = 4, NodeVocabSize = 4, NodeFeatureSize = 5,
        GlobalFeatureSize = 1, ActionsPerNode = 1, ExtraActions = 1,
    };

    private static IEnumerable<TestCaseData> OneSizeChanged()
    {
        yield return new TestCaseData(Nav with { NumTasks = 4 }, "NumTasks is 4, expected 3");
        yield return new TestCaseData(Nav with { GoalFeatureSize = 3 }, "GoalFeatureSize is 3, expected 2");
        yield return new TestCaseData(Nav with { MaxNodes = 5 }, "MaxNodes is 5, expected 4");
        yield return new TestCaseData(Nav with { NodeVocabSize = 9 }, "NodeVocabSize is 9, expected 4");
        yield return new TestCaseData(Nav with { NodeFeatureSize = 6 }, "NodeFeatureSize is 6, expected 5");
        yield return new TestCaseData(Nav with { GlobalFeatureSize = 2 }, "GlobalFeatureSize is 2, expected 1");
        yield return new TestCaseData(Nav with { ActionsPerNode = 2 }, "ActionsPerNode is 2, expected 1");
        yield return new TestCaseData(Nav with { ExtraActions = 0 }, "ExtraActions is 0, expected 1");
    }

    [TestCaseSource(nameof(OneSizeChanged))]
    public void ShapeDifference_OneSizeDiffers_NamesThatField(EnvSpec actual, string expected)
    {
        Assert.That(Nav.ShapeDifference(actual), Is.EqualTo(expected));
        var e = Assert.Throws<ArgumentException>(() => Nav.RequireSameShape(actual, "batch"));
        Assert.That(e!.ParamName, Is.EqualTo("batch"));
        Assert.That(e.Message, Does.Contain(expected).And.Contain("'nav'"));
    }

    [Test]
    public void ShapeDifference_OnlyIdLimitThresholdAndBoundsDiffer_IsNull()
    {
        EnvSpec other = Nav with
        {
            Id = "nav-v2", MaxEpisodeSteps = 50, RewardThreshold = 0.9f,
            GoalFeatureBounds = FeatureBounds.UnitInterval, GlobalBounds = new FeatureBounds(0f, null),
        };

        Assert.That(Nav.ShapeDifference(other), Is.Null);
        Assert.DoesNotThrow(() => Nav.RequireSameShape(other, "spec"));
    }
}
