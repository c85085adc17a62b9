using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Wrappers;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Wrappers;

public sealed class TimeLimitTests
{
    [Test]
    public void Step_ReachingTheLimit_TruncatesWithoutTerminating()
    {
        var env = new TimeLimit(new CountingEnv(100, truncates: false), maxEpisodeSteps: 4);
        env.Reset(seed: 0);
        var done = new List<bool>();
        StepResult step = default;
        for (int t = 0; t < 4; t++)
        {
            step = env.Step(0);
            done.Add(step.Done);
        }

        Assert.Multiple(() =>
        {
            Assert.That(done, Is.EqualTo(new[] { false, false, false, true }));
            Assert.That(step.Truncated, Is.True);
            Assert.That(step.Terminated, Is.False);
            Assert.That(env.ElapsedSteps, Is.EqualTo(4));
        });
    }

    [Test]
    public void Step_TerminatingOnTheLimitStep_StaysTerminatedNotTruncated()
    {
        var env = new TimeLimit(new CountingEnv(3, truncates: false), maxEpisodeSteps: 3);
        env.Reset(seed: 0);
        env.Step(0);
        env.Step(0);

        StepResult step = env.Step(0);

        Assert.Multiple(() =>
        {
            Assert.That(step.Terminated, Is.True);
            Assert.That(step.Truncated, Is.False);
        });
    }

    [Test]
    public void Step_AfterTruncation_ThrowsUntilReset()
    {
        var env = new TimeLimit(new CountingEnv(100, truncates: false), maxEpisodeSteps: 1);
        env.Reset(seed: 0);
        Assert.That(env.Step(0).Truncated, Is.True);

        Assert.That(() => env.Step(0), Throws.InvalidOperationException.With.Message.Contains("Reset"));
        env.Reset();
        Assert.That(env.Step(0).Truncated, Is.True, "the count restarts at Reset");
    }

    [TestCase(300, 300)]
    [TestCase(800, 500)]
    public void Spec_MaxEpisodeSteps_IsTheSmallerLimit(int wrapperLimit, int expected)
    {
        var env = new TimeLimit(new CartPoleEnv(), wrapperLimit);

        Assert.Multiple(() =>
        {
            Assert.That(env.Spec.MaxEpisodeSteps, Is.EqualTo(expected));
            Assert.That(env.Inner.Spec.MaxEpisodeSteps, Is.EqualTo(500));
        });
    }

    [Test]
    public void Constructor_NonPositiveLimit_Throws()
    {
        Assert.That(() => new TimeLimit(new CartPoleEnv(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
