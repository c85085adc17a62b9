using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class ScaleRewardTests
{
    [Test]
    public void Step_MultipliesRewardAndKeepsTheRest()
    {
        var env = new ScaleReward(new CountingEnv(1, truncates: true), 0.1f);
        env.Reset(seed: 0);

        StepResult step = env.Step(2);

        Assert.Multiple(() =>
        {
            Assert.That(step.Reward, Is.EqualTo(2.5f * 0.1f));
            Assert.That(step.Truncated, Is.True);
            Assert.That(step.Info.IsSuccess, Is.True);
        });
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(0f)]
    public void Constructor_BadScale_Throws(float scale)
    {
        Assert.That(() => new ScaleReward(new CountingEnv(1, truncates: true), scale),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("scale"));
    }

    [Test]
    public void Wrappers_Compose_ScaledRewardsAreRecorded()
    {
        var env = new RecordEpisodeStatistics(new ScaleReward(new TimeLimit(new CountingEnv(100, truncates: false), 2), 2f));
        env.Reset(seed: 0);
        env.Step(1);

        StepResult last = env.Step(0);

        Assert.That(last.Info.Episode, Is.EqualTo(new EpisodeStatistics(4f, 2, false)));
    }
}
