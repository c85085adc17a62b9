using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

public sealed class SmartHomeEnvTests
{
    private static int FixAction(SmartHomeEnv env, int device) =>
        (device * SmartHomeEnv.ChoicesPerDevice) + env.Scenes.Target(env.SceneId, device) switch
        {
            DeviceSetting.Off => SmartHomeEnv.Toggle,
            DeviceSetting.Low => SmartHomeEnv.SetLow,
            _ => SmartHomeEnv.SetHigh,
        };

    private static int[] MismatchedOnlineDevices(SmartHomeEnv env) =>
        Enumerable.Range(0, env.Options.NumDevices)
            .Where(d => env.IsOnline(d) && env.Scenes.Target(env.SceneId, d) != DeviceSetting.Any && env.Scenes.Target(env.SceneId, d) != env.Setting(d))
            .ToArray();

    [Test]
    public void Generate_NoVariation_ScenesFollowArchetypes()
    {
        var scenes = SmartHomeScenes.Generate(new SmartHomeOptions { VariationProbability = 0f }, new EnvRandom(0));
        Assert.That(scenes.Name(0), Is.EqualTo("movie-night-0"));
        Assert.That(scenes.Name(7), Is.EqualTo("away-1"));
        Assert.That(SmartHomeScenes.Kind(6), Is.EqualTo(DeviceKind.Media));
        Assert.That(scenes.Target(0, 0), Is.EqualTo(DeviceSetting.Low));
        Assert.That(scenes.Target(0, 6), Is.EqualTo(DeviceSetting.High));
        Assert.That(Enumerable.Range(0, 8).Select(d => scenes.Target(1, d)), Has.All.EqualTo(DeviceSetting.Off));
    }

    [Test]
    public void Reset_AnySeed_StartsOffTheSceneWithinBudgetAndDeterministic()
    {
        foreach (float budget in new[] { 2f, 3f, 9f })
        {
            var tight = new SmartHomeEnv(new SmartHomeOptions { PowerBudget = budget, OfflineProbability = 0.2f });
            for (int seed = 0; seed < 300; seed++)
            {
                Observation o = tight.Reset(seed).Observation;
                bool caresAboutOnline = Enumerable.Range(0, 8).Any(d => tight.IsOnline(d) && tight.Scenes.Target(tight.SceneId, d) != DeviceSetting.Any);
                Assert.That(tight.SceneReached, Is.EqualTo(!caresAboutOnline), $"budget {budget}, seed {seed}");
                Assert.That(tight.Load, Is.LessThanOrEqualTo(budget).And.EqualTo(SmartHomePowerTests.ExpectedLoad(tight)), $"budget {budget}, seed {seed}");
                Assert.That(o.Globals[2], Is.EqualTo(tight.Load / budget));
                Assert.That(tight.Trips, Is.Zero);
            }
        }

        var env = new SmartHomeEnv();

        Observation first = env.Reset(9).Observation.Clone();
        env.Reset(10);
        Observation again = env.Reset(9).Observation;
        Assert.That(again.NodeFeatures, Is.EqualTo(first.NodeFeatures));
        Assert.That(again.ActionMask, Is.EqualTo(first.ActionMask));
        Assert.That(again.GoalFeatures, Is.EqualTo(first.GoalFeatures));
    }

    [Test]
    public void Observation_Mask_ForbidsOfflineDevicesAndNoOpLevels()
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 0.5f });
        int checkedOffline = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            Observation o = env.Reset(seed).Observation;
            for (int d = 0; d < 8; d++)
            {
                int first = d * SmartHomeEnv.ChoicesPerDevice;
                if (!env.IsOnline(d))
                {
                    checkedOffline++;
                    Assert.That(o.ActionMask.Skip(first).Take(3), Has.All.False);
                    Assert.That(o.NodeFeatures[(d * SmartHomeEnv.NodeFeatureCount) + SmartHomeEnv.FeatureOnline], Is.Zero);
                    continue;
                }

                Assert.That(o.ActionMask[first + SmartHomeEnv.Toggle], Is.True);
                Assert.That(o.ActionMask[first + SmartHomeEnv.SetLow], Is.EqualTo(env.Setting(d) != DeviceSetting.Low));
                Assert.That(o.ActionMask[first + SmartHomeEnv.SetHigh], Is.EqualTo(env.Setting(d) != DeviceSetting.High));
            }

            Assert.That(o.ActionMask[env.DoneAction], Is.True);
        }

        Assert.That(checkedOffline, Is.GreaterThan(20));
        int offline = Enumerable.Range(0, 8).First(d => !env.IsOnline(d));
        Assert.Throws<InvalidActionException>(() => env.Step(offline * SmartHomeEnv.ChoicesPerDevice));
    }

    [Test]
    public void Step_Toggle_RestoresLevelAndUpdatesFeatures()
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 0f, ProgressReward = 0f });
        env.Reset(0);
        if (env.Setting(0) != DeviceSetting.Low)
        {
            env.Step(SmartHomeEnv.SetLow);
        }

        env.Step(SmartHomeEnv.SetHigh);
        Assert.That(env.Setting(0), Is.EqualTo(DeviceSetting.High));
        StepResult step = env.Step(SmartHomeEnv.Toggle);
        Assert.That(env.Setting(0), Is.EqualTo(DeviceSetting.Off));
        Assert.That(step.Observation.NodeFeatures[SmartHomeEnv.FeatureOn], Is.Zero);
        Assert.That(step.Observation.NodeFeatures[SmartHomeEnv.FeatureHigh], Is.EqualTo(1f));
        env.Step(SmartHomeEnv.Toggle);
        Assert.That(env.Setting(0), Is.EqualTo(DeviceSetting.High));
        Assert.That(step.Reward, Is.EqualTo(-0.05f));
    }

    [Test]
    public void Step_FixEveryMismatchThenDone_MatchBonusAndSuccess()
    {
        // 8 devices on high draw 16: with that budget the breaker never trips, whatever the order of the fixes.
        var env = new SmartHomeEnv(new SmartHomeOptions { PowerBudget = 16f });
        for (int seed = 0; seed < 30; seed++)
        {
            env.Reset(seed);
            int[] mismatched = MismatchedOnlineDevices(env);
            float total = 0f;
            foreach (int d in mismatched)
            {
                StepResult s = env.Step(FixAction(env, d));
                total += s.Reward;
                Assert.That(s.Done, Is.False);
            }

            Assert.That(env.SceneReached, Is.True);
            Assert.That(env.Step(env.DoneAction).Observation.Globals[1], Is.EqualTo(1f));
            env.Reset(seed);
            foreach (int d in mismatched)
            {
                env.Step(FixAction(env, d));
            }

            StepResult done = env.Step(env.DoneAction);
            Assert.That(done.Reward, Is.EqualTo(1f));
            Assert.That(done.Terminated && done.Info.IsSuccess, Is.True);
            Assert.That(total, Is.EqualTo((0.25f - 0.05f) * mismatched.Length).Within(1e-5f));
        }
    }

    [Test]
    public void Step_BreakingAMatch_CostsTheProgressReward()
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 0f });
        env.Reset(4);
        int matched = Enumerable.Range(0, 8).First(d => env.Scenes.Target(env.SceneId, d) is DeviceSetting.Off or DeviceSetting.High && env.Scenes.Target(env.SceneId, d) == env.Setting(d));
        int breaking = (matched * SmartHomeEnv.ChoicesPerDevice) + (env.Setting(matched) == DeviceSetting.Off ? SmartHomeEnv.SetLow : SmartHomeEnv.Toggle);
        StepResult broken = env.Step(breaking);
        Assert.That(broken.Reward, Is.EqualTo(-0.25f - 0.05f).Within(1e-6f));
        Assert.That(broken.Observation.NodeFeatures[(matched * SmartHomeEnv.NodeFeatureCount) + SmartHomeEnv.FeatureMatches], Is.Zero);
        StepResult repaired = env.Step(FixAction(env, matched));
        Assert.That(repaired.Reward, Is.EqualTo(0.25f - 0.05f).Within(1e-6f));
    }

    [Test]
    public void Step_DoneEarly_PenaltyAndEpisodeContinues()
    {
        var env = new SmartHomeEnv();
        env.Reset(3);
        Assume.That(env.SceneReached, Is.False);
        StepResult done = env.Step(env.DoneAction);
        Assert.That(done.Reward, Is.EqualTo(-0.1f));
        Assert.That(done.Done, Is.False);
        Assert.That(done.Info.IsSuccess, Is.False);
        Assert.That(done.Observation.Globals[0], Is.EqualTo(1f / env.Spec.MaxEpisodeSteps!.Value));
        foreach (int d in MismatchedOnlineDevices(env))
        {
            env.Step(FixAction(env, d));
        }

        StepResult success = env.Step(env.DoneAction);
        Assert.That(success.Terminated && success.Info.IsSuccess, Is.True);
        Assert.Throws<InvalidOperationException>(() => env.Step(env.DoneAction));
    }

    [Test]
    public void Step_AtStepLimit_Truncates()
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 0f, MaxEpisodeSteps = 4 });
        env.Reset(0);
        StepResult step = default;
        for (int t = 0; t < 3; t++)
        {
            step = env.Step(SmartHomeEnv.Toggle);
        }

        Assume.That(env.SceneReached, Is.False);
        step = env.Step(env.DoneAction);
        Assert.That(step.Reward, Is.EqualTo(-0.1f));
        Assert.That(step.Truncated, Is.True);
        Assert.That(step.Terminated, Is.False);
    }

    [Test]
    public void Reset_GoalSplits_SampleOnlyTheirScenes()
    {
        var train = new SmartHomeEnv();
        var heldOut = new SmartHomeEnv(new SmartHomeOptions { Goals = GoalSplit.HeldOut });
        Assert.That(train.Goals.HeldOutGoals.Length, Is.EqualTo(6));
        for (int seed = 0; seed < 300; seed++)
        {
            train.Reset(seed);
            heldOut.Reset(seed);
            Assert.That(train.Goals.IsHeldOut(train.SceneId), Is.False);
            Assert.That(heldOut.Goals.IsHeldOut(heldOut.SceneId), Is.True);
        }
    }

    [Test]
    public void Step_RandomPlay_MaskNeverEmptyAndNoAllocation()
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 0.5f });
        EnvTestKit.AssertMaskNeverEmpty(env, 2000);
        Assert.That(EnvTestKit.AllocatedBytesOverRandomSteps(env, 2000), Is.Zero);
    }

    [Test]
    public void Validate_BadField_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new SmartHomeEnv(new SmartHomeOptions { OfflineProbability = 1f }));
        Assert.That(e!.ParamName, Is.EqualTo("OfflineProbability"));
    }

    [TestCase(1.5f, 1f, "PowerBudget")]
    [TestCase(0f, 1f, "PowerBudget")]
    [TestCase(float.NaN, 1f, "PowerBudget")]
    [TestCase(float.PositiveInfinity, 1f, "PowerBudget")]
    [TestCase(9f, -0.5f, "TripPenalty")]
    [TestCase(9f, float.NaN, "TripPenalty")]
    public void Validate_BadPowerOption_IsNamed(float budget, float tripPenalty, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new SmartHomeEnv(new SmartHomeOptions { PowerBudget = budget, TripPenalty = tripPenalty }));
        Assert.That(e!.ParamName, Is.EqualTo(field));
        Assert.That(e.Message, Does.Contain($"SmartHomeOptions.{field}"));
    }
}
