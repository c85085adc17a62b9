using System.Globalization;
using System.Text;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Benchmarks.Envs;

/// <summary>
/// Measures the random and greedy baselines of the built-in multi-goal envs on training and held-out goals and
/// prints a Markdown table (<c>dotnet run -c Release --project benchmarks/RagAgent.Benchmarks -- baselines [episodes] [seed]</c>).
/// </summary>
public static class BaselineTable
{
    /// <summary>Builds the env of <paramref name="envId"/> with default options and the given goal split.</summary>
    public static IEnv Make(string envId, GoalSplit goals) => envId switch
    {
        GraphNavEnv.Id => new GraphNavEnv(new GraphNavOptions { Goals = goals }),
        RetrievalEnv.Id => new RetrievalEnv(new RetrievalOptions { Goals = goals }),
        SmartHomeEnv.Id => new SmartHomeEnv(new SmartHomeOptions { Goals = goals }),
        TaskSelectEnv.Id => new TaskSelectEnv(new TaskSelectOptions { Goals = goals }),
        _ => throw new ArgumentException($"Unknown env '{envId}'.", nameof(envId)),
    };

    /// <summary>Returns the Markdown table for <paramref name="episodes"/> episodes from <paramref name="seed"/>.</summary>
    public static string Build(int episodes, int seed)
    {
        var text = new StringBuilder();
        text.AppendLine("| env | goals | policy | mean return | std return | success rate | mean length |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (string id in BuiltInBaselines.EnvIds)
        {
            foreach (GoalSplit goals in new[] { GoalSplit.Train, GoalSplit.HeldOut })
            {
                foreach (IBaselinePolicy policy in new[] { new RandomPolicy(seed), BuiltInBaselines.Greedy(id) })
                {
                    EvaluationResult r = EpisodeRunner.Run(Make(id, goals), policy, new EvaluationOptions { Episodes = episodes, Seed = seed });
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {id} | {goals} | {policy.Name} | {r.MeanReturn:F3} | {r.StdReturn:F3} | {r.SuccessRate:F3} | {r.MeanLength:F2} |");
                }
            }
        }

        return text.ToString();
    }
}
