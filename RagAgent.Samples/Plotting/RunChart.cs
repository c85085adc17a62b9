using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Turns run directories into a reward chart: runs whose settings are equal except for the seed form one group, drawn
/// as a single line (one seed) or a mean with a min–max band (several seeds). A group is labelled by its env, plus the
/// settings that differ from another group of the same env.
/// </summary>
internal static class RunChart
{
    /// <summary>Builds the chart of <paramref name="runs"/>, titled by their envs.</summary>
    public static LineChart Build(IReadOnlyList<RunSummary> runs)
    {
        List<List<RunSummary>> groups = [];
        foreach (RunSummary run in runs)
        {
            List<RunSummary>? group = groups.Find(g => g[0].Env == run.Env && SameSettings(g[0].Settings, run.Settings));
            if (group is null)
            {
                groups.Add([run]);
            }
            else
            {
                group.Add(run);
            }
        }

        var series = new List<ChartSeries>();
        foreach (List<RunSummary> group in groups)
        {
            string label = Label(group, groups);
            var curves = group
                .Select(r => ((IReadOnlyList<double>)r.Rows.Select(p => (double)p.Step).ToArray(), (IReadOnlyList<double>)r.Rows.Select(p => p.MeanReturn).ToArray()))
                .ToArray();
            series.Add(SeedAggregate.MeanWithBand(label, curves));
        }

        string[] envs = runs.Select(r => r.Env).Distinct().ToArray();
        string[] seeds = runs.Select(r => r.Seed).Distinct().Order().Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LineChart
        {
            Title = string.Join(", ", envs),
            Subtitle = runs.Count == 1 ? $"seed {seeds[0]}" : $"{runs.Count} runs, seeds {string.Join(", ", seeds)}",
            Series = series,
        };
    }

    private static bool SameSettings(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out string? value) && value == kv.Value);

    private static string Label(List<RunSummary> group, List<List<RunSummary>> groups)
    {
        RunSummary first = group[0];
        string seeds = group.Count == 1 ? $"seed {first.Seed}" : $"{group.Count} seeds";
        var differing = groups
            .Where(g => g != group && g[0].Env == first.Env)
            .SelectMany(g => first.Settings.Where(kv => !g[0].Settings.TryGetValue(kv.Key, out string? v) || v != kv.Value))
            .Select(kv => $"{ShortName(kv.Key)}={kv.Value}")
            .Distinct()
            .ToArray();
        return differing.Length == 0 ? $"{first.Env} ({seeds})" : $"{first.Env} {string.Join(" ", differing)} ({seeds})";
    }

    private static string ShortName(string dottedName) => dottedName[(dottedName.LastIndexOf('.') + 1)..];
}
