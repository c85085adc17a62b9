using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class RecordEpisodeStatisticsTests
{
    [Test]
    public void Step_EpisodeEnds_ReportsReturnLengthAndSuccess()
    {
        var env = new RecordEpisodeStatistics(new CountingEnv(3, truncates: false));
        env.Reset(seed: 0);

        StepResult first = env.Step(1);
        StepResult second = env.Step(2);
        StepResult last = env.Step(0);

        Assert.Multiple(() =>
        {
            Assert.That(first.Info.Episode, Is.Null);
            Assert.That(second.Info.Episode, Is.Null);
            Assert.That(second.Info.IsSuccess, Is.True, "the inner info is kept");
            Assert.That(last.Info.Episode, Is.EqualTo(new EpisodeStatistics(1.5f + 2.5f + 0.5f, 3, true)));
            Assert.That(env.LastEpisode, Is.EqualTo(last.Info.Episode));
        });
    }

    [Test]
    public void Step_TruncatedEpisodeWithoutSuccess_ReportsFailure()
    {
        var env = new RecordEpisodeStatistics(new CountingEnv(2, truncates: true));
        env.Reset(seed: 0);
        env.Step(0);

        StepResult last = env.Step(1);

        Assert.Multiple(() =>
        {
            Assert.That(last.Truncated, Is.True);
            Assert.That(last.Info.Episode, Is.EqualTo(new EpisodeStatistics(2f, 2, false)));
        });
    }

    [Test]
    public void Reset_MidEpisode_RestartsTheCounts()
    {
        var env = new RecordEpisodeStatistics(new CountingEnv(2, truncates: false));
        env.Reset(seed: 0);
        env.Step(2);
        env.Reset();
        env.Step(0);

        StepResult last = env.Step(0);

        Assert.That(last.Info.Episode, Is.EqualTo(new EpisodeStatistics(1f, 2, false)));
    }
}
