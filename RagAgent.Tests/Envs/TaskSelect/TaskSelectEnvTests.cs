using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Tests.Envs.TaskSelect;

public sealed class TaskSelectEnvTests
{
    private static bool Needed(TaskSelectEnv env, int subTask)
    {
        ReadOnlySpan<float> weights = env.World.Weights(env.GoalId);
        if (weights[subTask] > 0f)
        {
            return true;
        }

        for (int j = 0; j < env.Options.NumSubTasks; j++)
        {
            if (weights[j] > 0f && !env.IsDone(j) && env.World.Requires(j, subTask))
            {
                return true;
            }
        }

        return false;
    }

    private static int OracleAction(TaskSelectEnv env, Observation o) =>
        Enumerable.Range(0, env.Options.NumSubTasks).First(i => o.ActionMask[i] && Needed(env, i));

    [Test]
    public void Generate_World_AcyclicClosedAndGoalsWeighted()
    {
        var options = new TaskSelectOptions();
        var world = TaskSelectWorld.Generate(options, new EnvRandom(0));
        int k = options.NumSubTasks;
        int edges = 0;
        for (int i = 0; i < k; i++)
        {
            Assert.That(world.Requires(i, i), Is.False, $"cycle through {i}");
            Assert.That(world.Prerequisites(i).Length, Is.LessThanOrEqualTo(options.MaxPrerequisites));
            foreach (int p in world.Prerequisites(i))
            {
                edges++;
                Assert.That(world.Requires(i, p), Is.True);
                for (int a = 0; a < k; a++)
                {
                    Assert.That(!world.Requires(p, a) || world.Requires(i, a), Is.True, "closure is transitive");
                }
            }
        }

        Assert.That(edges, Is.GreaterThan(0));
        for (int g = 0; g < options.NumGoals; g++)
        {
            float[] w = world.Weights(g).ToArray();
            Assert.That(w.Count(x => x > 0f), Is.InRange(2, 4));
            Assert.That(w.Where(x => x > 0f), Has.All.InRange(0.5f, 1f));
        }
    }

    [Test]
    public void Observation_Mask_IsUnfinishedWithFinishedPrerequisites()
    {
        var env = new TaskSelectEnv();
        var random = new EnvRandom(4);
        Observation o = env.Reset(0).Observation;
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < env.Options.NumSubTasks; i++)
            {
                bool blocked = false;
                foreach (int p in env.World.Prerequisites(i))
                {
                    blocked |= !env.IsDone(p);
                }

                Assert.That(o.ActionMask[i], Is.EqualTo(!blocked && !env.IsDone(i)));
                Assert.That(o.NodeFeatures[(i * TaskSelectEnv.NodeFeatureCount) + TaskSelectEnv.FeatureBlocked], Is.EqualTo(blocked ? 1f : 0f));
                Assert.That(o.NodeFeatures[(i * TaskSelectEnv.NodeFeatureCount) + TaskSelectEnv.FeatureDone], Is.EqualTo(env.IsDone(i) ? 1f : 0f));
            }

            StepResult step = env.Step(EnvTestKit.RandomAllowed(o, random));
            o = step.Done ? env.Reset().Observation : step.Observation;
        }

        int forbidden = EnvTestKit.FirstForbidden(o);
        Assume.That(forbidden, Is.GreaterThanOrEqualTo(0));
        Assert.Throws<InvalidActionException>(() => env.Step(forbidden));
    }

    [Test]
    public void Step_WorkUntilFinished_RewardsWeightOnCompletion()
    {
        var env = new TaskSelectEnv(new TaskSelectOptions { MaxWork = 3 });
        Observation o = env.Reset(2).Observation;
        int subTask = Array.IndexOf(o.ActionMask, true);
        float weight = env.World.Weights(env.GoalId)[subTask];
        int work = env.Work(subTask);
        for (int u = 1; u < work; u++)
        {
            StepResult partial = env.Step(subTask);
            Assert.That(partial.Reward, Is.EqualTo(-0.05f));
            Assert.That(partial.Observation.NodeFeatures[(subTask * TaskSelectEnv.NodeFeatureCount) + TaskSelectEnv.FeatureProgress], Is.EqualTo((float)u / work));
        }

        StepResult last = env.Step(subTask);
        Assert.That(last.Reward, Is.EqualTo(weight - 0.05f).Within(1e-6f));
        Assert.That(env.IsDone(subTask), Is.True);
        Assert.That(last.Observation.ActionMask[subTask], Is.False);
    }

    [Test]
    public void Step_OracleOrder_FinishesImportantTasksWithSuccess()
    {
        var env = new TaskSelectEnv(new TaskSelectOptions { MaxEpisodeSteps = 100 });
        for (int seed = 0; seed < 50; seed++)
        {
            Observation o = env.Reset(seed).Observation;
            float total = 0f;
            StepResult step = default;
            int steps = 0;
            while (!step.Done)
            {
                step = env.Step(OracleAction(env, o));
                o = step.Observation;
                total += step.Reward;
                steps++;
            }

            float weights = env.World.Weights(env.GoalId).ToArray().Sum();
            Assert.That(step.Terminated && step.Info.IsSuccess, Is.True, $"seed {seed}");
            Assert.That(total, Is.EqualTo(weights - (0.05f * steps)).Within(1e-4f));
            Assert.That(o.Globals[1], Is.EqualTo(1f).Within(1e-6f));
        }
    }

    [Test]
    public void Observation_DownstreamWeight_PositiveExactlyForAncestorsOfUnfinishedImportant()
    {
        var env = new TaskSelectEnv();
        for (int seed = 0; seed < 30; seed++)
        {
            Observation o = env.Reset(seed).Observation;
            ReadOnlySpan<float> weights = env.World.Weights(env.GoalId);
            for (int i = 0; i < env.Options.NumSubTasks; i++)
            {
                bool ancestor = false;
                for (int j = 0; j < env.Options.NumSubTasks; j++)
                {
                    ancestor |= weights[j] > 0f && env.World.Requires(j, i);
                }

                float downstream = o.NodeFeatures[(i * TaskSelectEnv.NodeFeatureCount) + TaskSelectEnv.FeatureDownstreamWeight];
                Assert.That(downstream > 0f, Is.EqualTo(ancestor));
            }
        }
    }

    [Test]
    public void Step_AtStepLimit_Truncates()
    {
        var env = new TaskSelectEnv(new TaskSelectOptions { MaxEpisodeSteps = 1, MinImportant = 3 });
        Observation o = env.Reset(0).Observation;
        StepResult step = env.Step(Array.IndexOf(o.ActionMask, true));
        Assert.That(step.Truncated, Is.True);
        Assert.That(step.Terminated, Is.False);
        Assert.That(step.Info.IsSuccess, Is.False);
    }

    [Test]
    public void Reset_GoalSplitsAndSeeds_SampleOnlyTheirGoalsDeterministically()
    {
        var train = new TaskSelectEnv();
        var heldOut = new TaskSelectEnv(new TaskSelectOptions { Goals = GoalSplit.HeldOut });
        Assert.That(train.Goals.HeldOutGoals.Length, Is.EqualTo(8));
        for (int seed = 0; seed < 300; seed++)
        {
            train.Reset(seed);
            heldOut.Reset(seed);
            Assert.That(train.Goals.IsHeldOut(train.GoalId), Is.False);
            Assert.That(heldOut.Goals.IsHeldOut(heldOut.GoalId), Is.True);
        }

        Observation first = train.Reset(5).Observation.Clone();
        train.Reset(6);
        Assert.That(train.Reset(5).Observation.NodeFeatures, Is.EqualTo(first.NodeFeatures));
    }

    [Test]
    public void Step_RandomPlay_MaskNeverEmptyAndNoAllocation()
    {
        var env = new TaskSelectEnv();
        EnvTestKit.AssertMaskNeverEmpty(env, 2000);
        Assert.That(EnvTestKit.AllocatedBytesOverRandomSteps(env, 2000), Is.Zero);
    }

    [Test]
    public void Validate_BadField_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new TaskSelectEnv(new TaskSelectOptions { MaxImportant = 11 }));
        Assert.That(e!.ParamName, Is.EqualTo("MaxImportant"));
    }
}
