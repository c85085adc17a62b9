using System.Globalization;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.SmartHome;

/// <summary>
/// The measurement behind <see cref="SmartHomeOptions.PowerBudget"/>'s default (explicit: a few seconds): per budget,
/// the greedy heuristic's and the load-aware reference's return, success and share of episodes with a breaker trip
/// (1000 episodes per split, episode k reset with seed k), and how many scene targets the budget downgraded.
/// Run: <c>dotnet test RagAgent.Tests -c Release --filter "FullyQualifiedName~PowerBudgetSweep" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("Measurement that prints a table; a few seconds.")]
public sealed class PowerBudgetSweep
{
    [Test]
    public void Sweep_Budgets5To12_PrintsGreedyAndLoadAwareTable()
    {
        // 16 = every device on high: no scene is ever downgraded, the reference for counting downgrades.
        var undowngraded = SmartHomeScenes.Generate(new SmartHomeOptions { PowerBudget = 16 }, new EnvRandom(0));
        TestContext.Out.WriteLine("| budget | goals | greedy return / success / trip share | load-aware return / success / trip share | downgraded targets |");
        TestContext.Out.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        foreach (int budget in new[] { 5, 6, 7, 8, 9, 10, 12 })
        {
            var scenes = SmartHomeScenes.Generate(new SmartHomeOptions { PowerBudget = budget }, new EnvRandom(0));
            int downgraded = 0;
            for (int s = 0; s < scenes.NumScenes; s++)
            {
                for (int d = 0; d < scenes.NumDevices; d++)
                {
                    downgraded += scenes.Target(s, d) != undowngraded.Target(s, d) ? 1 : 0;
                }
            }

            foreach (GoalSplit split in new[] { GoalSplit.Train, GoalSplit.HeldOut })
            {
                var env = new SmartHomeEnv(new SmartHomeOptions { PowerBudget = budget, Goals = split });
                PowerBudgetMeasurement greedy = PowerBudgetMeasurement.Measure(env, new SmartHomeGreedyPolicy(), 1000);
                PowerBudgetMeasurement loadAware = PowerBudgetMeasurement.Measure(env, new LoadAwareReferencePolicy(budget), 1000);
                Assert.That(loadAware.MeanReturn, Is.GreaterThanOrEqualTo(greedy.MeanReturn), $"budget {budget} {split}");
                TestContext.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {budget} | {split} | {greedy.MeanReturn:F3} / {greedy.SuccessRate:F3} / {greedy.TripShare:F3} | {loadAware.MeanReturn:F3} / {loadAware.SuccessRate:F3} / {loadAware.TripShare:F3} | {downgraded} of {scenes.NumScenes * scenes.NumDevices} |"));
            }
        }
    }
}
