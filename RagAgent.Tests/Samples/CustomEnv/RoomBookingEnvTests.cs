using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Checking;
using RagAgent.Envs.Registry;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Samples.CustomEnv;

public sealed class RoomBookingEnvTests
{
    [Test]
    public void EnvChecker_RoomBooking_FindsNoProblem()
    {
        EnvCheckReport report = EnvChecker.Check(new global::CustomEnv.RoomBookingEnv(), seed: 0, steps: 2000);

        Assert.That(report.IsValid, Is.True, report.ToString());
    }

    [Test]
    public void RestoreState_FreshEnvSameActions_ContinuesBitIdentically()
    {
        SnapshotAssert.ContinuesIdentically(() => new global::CustomEnv.RoomBookingEnv());
    }

    [Test]
    public void RegisterEnvs_AddsRoomBookingNextToTheBuiltIns()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        int builtIns = registry.Ids.Count;

        global::CustomEnv.RoomBookingRegistration.RegisterEnvs(registry);

        Assert.That(registry.Ids, Has.Count.EqualTo(builtIns + 1));
        Assert.That(registry.GetSpec("room-booking").NumTasks, Is.EqualTo(6));
    }

    [Test]
    public void Reset_SameSeed_GivesTheSameEpisode()
    {
        var a = new global::CustomEnv.RoomBookingEnv();
        var b = new global::CustomEnv.RoomBookingEnv(seed: 99);

        Observation first = a.Reset(7).Observation.Clone();
        Observation second = b.Reset(7).Observation;

        Assert.That(second.TaskId, Is.EqualTo(first.TaskId));
        Assert.That(second.NodeFeatures, Is.EqualTo(first.NodeFeatures));
    }

    [Test]
    public void Step_WrongRoom_MasksItAndCostsAPenalty()
    {
        var env = new global::CustomEnv.RoomBookingEnv();
        for (int seed = 0; seed < 50; seed++)
        {
            Observation observation = env.Reset(seed).Observation;
            for (int room = 0; room < env.Rooms; room++)
            {
                StepResult step = env.Step(room);
                if (!step.Terminated)
                {
                    Assert.That(step.Reward, Is.EqualTo(-0.1f));
                    Assert.That(observation.ActionMask[room], Is.False);
                    return;
                }

                env.Reset(seed);
            }
        }

        Assert.Fail("no seed in 0..49 offered a room that does not fit");
    }

    [Test]
    public void Episode_TryingEveryRoom_SucceedsBeforeTheLimitOrIsTruncatedAtIt()
    {
        var env = new global::CustomEnv.RoomBookingEnv();
        for (int seed = 0; seed < 20; seed++)
        {
            env.Reset(seed);
            int steps = 0;
            StepResult step;
            do
            {
                step = env.Step(steps);
                steps++;
            }
            while (!step.Done);

            Assert.That(step.Terminated ? step.Info.IsSuccess : steps == global::CustomEnv.RoomBookingEnv.StepLimit, Is.True);
        }
    }
}
