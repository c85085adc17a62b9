using RagAgent.Core.Schedules;

namespace RagAgent.Tests.Schedules;

public sealed class ScheduleTests
{
    [Test]
    public void Linear_FollowsCleanRlFraction()
    {
        var schedule = new LinearSchedule(2.5e-4f, 4);

        // frac = 1 − (update − 1) / num_updates
        Assert.That(schedule.Value(1), Is.EqualTo(2.5e-4f));
        Assert.That(schedule.Value(2), Is.EqualTo(2.5e-4f * 0.75f).Within(1e-10f));
        Assert.That(schedule.Value(4), Is.EqualTo(2.5e-4f * 0.25f).Within(1e-10f));
        Assert.That(schedule.Value(9), Is.Zero);
    }

    [Test]
    public void Constant_IsTheSameForEveryUpdate()
    {
        var schedule = new ConstantSchedule(1e-3f);

        Assert.That(new[] { 1, 50, 1000 }.Select(schedule.Value), Is.All.EqualTo(1e-3f));
    }

    [Test]
    public void Linear_NonPositiveUpdates_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LinearSchedule(1e-3f, 0));
    }
}
