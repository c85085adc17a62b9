using System.Text.Json;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

public sealed class FeatureBoundsTests
{
    private static readonly EnvSpec Spec = new()
    {
        Id = "bounded", NumTasks = 2, GoalFeatureSize = 2, GlobalFeatureSize = 3, ExtraActions = 2,
        GoalFeatureBounds = FeatureBounds.UnitInterval, GlobalBounds = new FeatureBounds(-5f, null),
    };

    [TestCase(0f, true)]
    [TestCase(1f, true)]
    [TestCase(-0.001f, false)]
    [TestCase(1.001f, false)]
    [TestCase(float.NaN, false)]
    public void Contains_UnitInterval_IncludesBothEnds(float value, bool expected) =>
        Assert.That(FeatureBounds.UnitInterval.Contains(value), Is.EqualTo(expected));

    [Test]
    public void Contains_OpenSide_IsUnbounded()
    {
        var atLeastMinusFive = new FeatureBounds(-5f, null);
        Assert.That(atLeastMinusFive.Contains(1e30f), Is.True);
        Assert.That(atLeastMinusFive.Contains(-5.5f), Is.False);
        Assert.That(atLeastMinusFive.ToString(), Is.EqualTo("[-5, +inf)"));
    }

    [Test]
    public void Validate_LowAboveHigh_ThrowsNamingTheField()
    {
        EnvSpec spec = Spec with { GlobalBounds = new FeatureBounds(2f, 1f) };
        var e = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.That(e!.ParamName, Is.EqualTo(nameof(EnvSpec.GlobalBounds)));
        Assert.That(e.Message, Does.Contain("GlobalBounds.Low (2) must not exceed GlobalBounds.High (1)"));
    }

    [Test]
    public void Validate_InfiniteSide_ThrowsAskingForNull()
    {
        EnvSpec spec = Spec with { GoalFeatureBounds = new FeatureBounds(float.NegativeInfinity, 1f) };
        var e = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.That(e!.Message, Does.Contain("GoalFeatureBounds.Low must be finite or null"));
    }

    [Test]
    public void Validate_BoundsOnAnEmptyPart_Throws()
    {
        EnvSpec spec = Spec with { NodeFeatureBounds = FeatureBounds.UnitInterval };
        var e = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.That(e!.ParamName, Is.EqualTo(nameof(EnvSpec.NodeFeatureBounds)));
    }

    [Test]
    public void CheckpointManifest_WithBounds_RoundTripsThroughJson()
    {
        var manifest = new CheckpointManifest { Policy = new PolicyOptions(), Spec = Spec };
        string json = JsonSerializer.Serialize(manifest, CheckpointFile.JsonOptions);
        CheckpointManifest back = JsonSerializer.Deserialize<CheckpointManifest>(json, CheckpointFile.JsonOptions)!;

        Assert.That(back.Spec, Is.EqualTo(Spec));
        Assert.That(back.Spec.GlobalBounds, Is.EqualTo(new FeatureBounds(-5f, null)));
    }

    [Test]
    public void CheckpointManifest_WrittenBeforeBounds_LoadsUnbounded()
    {
        // The spec of a manifest written by 0.1.0: no bounds fields at all.
        const string OldSpec = """
            {"Id":"graph-nav","NumTasks":16,"GoalFeatureSize":2,"MaxNodes":16,"NodeVocabSize":16,"NodeFeatureSize":8,
             "GlobalFeatureSize":1,"ActionsPerNode":1,"ExtraActions":0,"MaxEpisodeSteps":32,"RewardThreshold":null}
            """;
        EnvSpec spec = JsonSerializer.Deserialize<EnvSpec>(OldSpec, CheckpointFile.JsonOptions)!;

        Assert.That(spec.GoalFeatureBounds, Is.Null);
        Assert.That(spec.NodeFeatureBounds, Is.Null);
        Assert.That(spec.GlobalBounds, Is.Null);
        Assert.DoesNotThrow(spec.Validate);
    }
}
