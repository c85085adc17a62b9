using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

/// <summary>The power budget and circuit breaker of <see cref="SmartHomeEnv"/>.</summary>
public sealed class SmartHomePowerTests
{
    /// <summary>Total draw of the online devices, computed from the public state.</summary>
    internal static int ExpectedLoad(SmartHomeEnv env) =>
        Enumerable.Range(0, env.Options.NumDevices).Sum(d => env.IsOnline(d) ? SmartHomeScenes.Draw(env.Setting(d)) : 0);

    private static int MatchingCaredOnline(SmartHomeEnv env) =>
        Enumerable.Range(0, env.Options.NumDevices)
            .Count(d => env.IsOnline(d) && env.Scenes.Target(env.SceneId, d) is var t && t != DeviceSetting.Any && t == env.Setting(d));

    /// <summary>Setting after <paramref name="choice"/>; a toggled-on device comes back at its kept level.</summary>
    private static DeviceSetting After(DeviceSetting setting, bool levelHigh, int choice) => choice switch
    {
        SmartHomeEnv.Toggle when setting != DeviceSetting.Off => DeviceSetting.Off,
        SmartHomeEnv.Toggle => levelHigh ? DeviceSetting.High : DeviceSetting.Low,
        SmartHomeEnv.SetLow => DeviceSetting.Low,
        _ => DeviceSetting.High,
    };

    [Test]
    public void Step_LoadAboveBudget_BreakerSwitchesOnlineDevicesOffAndCostsTheTripPenalty()
    {
        var options = new SmartHomeOptions { OfflineProbability = 0.25f };
        var env = new SmartHomeEnv(options);
        int trips = 0, offlinePoweredSeen = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            env.Reset(seed);

            // Raise devices to high in index order; the first raise that would exceed the budget must trip.
            for (int d = 0; d < 8; d++)
            {
                if (!env.IsOnline(d) || env.Setting(d) == DeviceSetting.High)
                {
                    continue;
                }

                float predicted = env.Load + 2 - SmartHomeScenes.Draw(env.Setting(d));
                DeviceSetting[] before = Enumerable.Range(0, 8).Select(env.Setting).ToArray();
                int matchesBefore = MatchingCaredOnline(env);
                StepResult step = env.Step((d * SmartHomeEnv.ChoicesPerDevice) + SmartHomeEnv.SetHigh);
                if (predicted <= options.PowerBudget)
                {
                    Assert.That(env.Trips, Is.Zero, $"seed {seed}: load {predicted} fits the budget");
                    Assert.That(env.Load, Is.EqualTo(predicted));
                    continue;
                }

                trips++;
                Assert.That(env.Trips, Is.EqualTo(1));
                Assert.That(env.Load, Is.Zero);
                for (int other = 0; other < 8; other++)
                {
                    if (env.IsOnline(other))
                    {
                        Assert.That(env.Setting(other), Is.EqualTo(DeviceSetting.Off), $"seed {seed}, device {other}");
                        Assert.That(step.Observation.NodeFeatures[(other * SmartHomeEnv.NodeFeatureCount) + SmartHomeEnv.FeatureOn], Is.Zero);
                        Assert.That(step.Observation.ActionMask[(other * SmartHomeEnv.ChoicesPerDevice) + SmartHomeEnv.SetHigh], Is.True);
                    }
                    else
                    {
                        offlinePoweredSeen += before[other] == DeviceSetting.Off ? 0 : 1;
                        Assert.That(env.Setting(other), Is.EqualTo(before[other]), $"seed {seed}: offline device {other} untouched");
                    }
                }

                int netMatches = MatchingCaredOnline(env) - matchesBefore;
                float expected = -options.StepCost - options.TripPenalty + (options.ProgressReward * netMatches);
                Assert.That(step.Reward, Is.EqualTo(expected).Within(1e-5f), $"seed {seed}");
                Assert.That(step.Done, Is.False);
                int cared = Enumerable.Range(0, 8).Count(o => env.IsOnline(o) && env.Scenes.Target(env.SceneId, o) != DeviceSetting.Any);
                Assert.That(step.Observation.Globals[1], Is.EqualTo(cared == 0 ? 1f : (float)MatchingCaredOnline(env) / cared).Within(1e-6f));
                Assert.That(step.Observation.Globals[2], Is.Zero);
                break;
            }
        }

        Assert.That(trips, Is.GreaterThan(20));
        Assert.That(offlinePoweredSeen, Is.GreaterThan(0));
    }

    [TestCase(2f, 0.3f)]
    [TestCase(5f, 0.1f)]
    [TestCase(9f, 0.1f)]
    public void Step_RandomPlay_TripsExactlyAboveBudgetAndLoadNeverExceedsIt(float budget, float offline)
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { PowerBudget = budget, OfflineProbability = offline });
        var random = new EnvRandom(7);
        int trips = 0;
        for (int episode = 0; episode < 300; episode++)
        {
            Observation o = env.Reset(episode).Observation;
            while (true)
            {
                int action = EnvTestKit.RandomAllowed(o, random);
                int tripsBefore = env.Trips;
                float predicted = env.Load;
                if (action != env.DoneAction)
                {
                    int d = action / SmartHomeEnv.ChoicesPerDevice;
                    bool levelHigh = o.NodeFeatures[(d * SmartHomeEnv.NodeFeatureCount) + SmartHomeEnv.FeatureHigh] > 0f;
                    predicted += SmartHomeScenes.Draw(After(env.Setting(d), levelHigh, action % SmartHomeEnv.ChoicesPerDevice)) - SmartHomeScenes.Draw(env.Setting(d));
                }

                StepResult step = env.Step(action);
                bool tripped = predicted > budget;
                trips += tripped ? 1 : 0;
                Assert.That(env.Trips, Is.EqualTo(tripsBefore + (tripped ? 1 : 0)));
                Assert.That(env.Load, Is.EqualTo(tripped ? 0f : predicted).And.LessThanOrEqualTo(budget));
                Assert.That(env.Load, Is.EqualTo(ExpectedLoad(env)));
                Assert.That(step.Observation.Globals[2], Is.EqualTo(env.Load / budget));
                if (step.Done)
                {
                    break;
                }

                o = step.Observation;
            }
        }

        Assert.That(trips, Is.GreaterThan(10));
    }

    [TestCase(8, 9f)]
    [TestCase(8, 4f)]
    [TestCase(16, 9f)]
    [TestCase(3, 2f)]
    public void Generate_AnyBudget_EverySceneFitsAndOnlyOverBudgetScenesChange(int devices, float budget)
    {
        var options = new SmartHomeOptions { NumDevices = devices, PowerBudget = budget, WorldSeed = 3 };
        SmartHomeScenes scenes = SmartHomeScenes.Generate(options, new EnvRandom(3));
        SmartHomeScenes unlimited = SmartHomeScenes.Generate(options with { PowerBudget = 2f * devices }, new EnvRandom(3));
        for (int s = 0; s < scenes.NumScenes; s++)
        {
            Assert.That(scenes.TargetDraw(s), Is.LessThanOrEqualTo(budget), scenes.Name(s));
            bool over = unlimited.TargetDraw(s) > budget;
            bool highLeft = Enumerable.Range(0, devices).Any(d => scenes.Target(s, d) == DeviceSetting.High);
            for (int d = 0; d < devices; d++)
            {
                DeviceSetting was = unlimited.Target(s, d);
                DeviceSetting now = scenes.Target(s, d);
                bool allowed = now == was
                    || (over && was == DeviceSetting.High && now == DeviceSetting.Low)
                    || (over && !highLeft && was is DeviceSetting.High or DeviceSetting.Low && now == DeviceSetting.Off);
                Assert.That(allowed, Is.True, $"{scenes.Name(s)} device {d}: {was} -> {now}");
            }
        }
    }

    [Test]
    public void Generate_DefaultBudget_DowngradesAMinorityOfScenes()
    {
        var options = new SmartHomeOptions();
        SmartHomeScenes scenes = SmartHomeScenes.Generate(options, new EnvRandom(options.WorldSeed));
        Assert.That(Enumerable.Range(0, scenes.NumScenes).Max(scenes.TargetDraw), Is.EqualTo(options.PowerBudget));
        SmartHomeScenes unlimited = SmartHomeScenes.Generate(options with { PowerBudget = 16f }, new EnvRandom(options.WorldSeed));
        int changed = Enumerable.Range(0, scenes.NumScenes).Count(s => scenes.TargetDraw(s) != unlimited.TargetDraw(s));
        Assert.That(changed, Is.InRange(1, scenes.NumScenes / 2));
    }

    [TestCase(GoalSplit.Train)]
    [TestCase(GoalSplit.HeldOut)]
    public void Greedy_DefaultBudget_TripsWhileLoadAwareReferenceDoesNotAndEarnsMore(GoalSplit goals)
    {
        var env = new SmartHomeEnv(new SmartHomeOptions { Goals = goals });
        PowerBudgetMeasurement greedy = PowerBudgetMeasurement.Measure(env, new SmartHomeGreedyPolicy(), 300);
        PowerBudgetMeasurement loadAware = PowerBudgetMeasurement.Measure(env, new LoadAwareReferencePolicy(env.Options.PowerBudget), 300);
        Assert.That(greedy.TripShare, Is.InRange(0.15, 0.5), "greedy trip share");
        Assert.That(greedy.SuccessRate, Is.GreaterThanOrEqualTo(0.99), "greedy recovers from the trip");
        Assert.That(loadAware.TripShare, Is.Zero);
        Assert.That(loadAware.SuccessRate, Is.GreaterThanOrEqualTo(0.99));
        Assert.That(loadAware.MeanReturn, Is.GreaterThan(greedy.MeanReturn + 0.15), $"load-aware {loadAware.MeanReturn:F3} vs greedy {greedy.MeanReturn:F3}");
    }
}
