using System.Globalization;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Plotting;

/// <summary>
/// Turns run directories into a <see cref="Figure"/>: one panel per metric and env (runs of different envs never share
/// an axis), and in each panel one group per set of runs whose settings are equal except for the seed — a single line
/// for one seed, or thin per-seed lines behind their mean and its t-interval band. A group is labelled by its env, plus
/// the settings that differ from another group of the same env.
/// </summary>
internal static class RunFigure
{
    /// <summary>Panel columns at most when there is a single metric (more envs wrap to further rows).</summary>
    private const int MaxColumnsForOneMetric = 3;

    /// <summary>Builds the figure of <paramref name="runs"/> as <paramref name="options"/> asks.</summary>
    public static Figure Build(IReadOnlyList<RunSummary> runs, PlotOptions options)
    {
        options.Validate();
        if (runs.Count == 0)
        {
            throw new ArgumentException("At least one run is required.", nameof(runs));
        }

        List<List<RunSummary>> groups = Groups(runs);
        string[] envs = runs.Select(r => r.Env).Distinct().ToArray();
        var panels = new List<ChartPanel>();
        for (int m = 0; m < options.Metrics.Count; m++)
        {
            ProgressColumn metric = ProgressColumns.Find(options.Metrics[m])!;
            foreach (string env in envs)
            {
                panels.Add(new ChartPanel
                {
                    Title = envs.Length > 1 ? env : string.Empty,
                    XLabel = options.X == XAxisKind.Step ? "env steps" : "wall time (s)",
                    YLabel = metric.Label,
                    ShowLegend = m == 0,
                    Series = groups.Where(g => g[0].Env == env).Select(g => Series(g, groups, metric, options)).ToArray(),
                });
            }
        }

        return new Figure
        {
            Title = string.Join(", ", envs),
            Subtitle = Subtitle(runs, options),
            Columns = options.Metrics.Count == 1 ? Math.Min(envs.Length, MaxColumnsForOneMetric) : envs.Length,
            Panels = panels,
        };
    }

    /// <summary>Runs of the same env and settings, in order of first appearance.</summary>
    public static List<List<RunSummary>> Groups(IReadOnlyList<RunSummary> runs)
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

        return groups;
    }

    /// <summary>
    /// X coordinates of <paramref name="run"/>'s rows: env steps, or wall seconds added up over the sessions of a
    /// resumed run (each session's <c>wall_s</c> starts again from zero).
    /// </summary>
    public static double[] XValues(RunSummary run, XAxisKind kind)
    {
        var x = new double[run.Rows.Count];
        double offset = 0, previous = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (kind == XAxisKind.Step)
            {
                x[i] = run.Rows[i].Step;
                continue;
            }

            double wall = run.Rows[i].WallSeconds;
            if (wall < previous)
            {
                offset += previous;
            }

            previous = wall;
            x[i] = offset + wall;
        }

        return x;
    }

    private static ChartSeries Series(List<RunSummary> group, List<List<RunSummary>> groups, ProgressColumn metric, PlotOptions options)
    {
        SeedCurve[] curves = group
            .Select(r => new SeedCurve(r.Seed, XValues(r, options.X), Smoothing.TrailingMean(r.Rows.Select(metric.Value).ToArray(), options.Smooth)))
            .ToArray();
        string label = Label(group, groups, group.Count == 1 ? $"seed {group[0].Seed}" : $"mean of {group.Count} seeds");
        ChartSeries series = SeedAggregate.MeanWithBand(label, curves.Select(c => (c.X, c.Y)).ToArray(), options.Confidence);
        return group.Count == 1 ? series : series with { Seeds = curves, SeedsLabel = Label(group, groups, "each seed") };
    }

    private static string Subtitle(IReadOnlyList<RunSummary> runs, PlotOptions options)
    {
        string[] seeds = runs.Select(r => r.Seed).Distinct().Order().Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
        string text = runs.Count == 1 ? $"seed {seeds[0]}" : $"{runs.Count} runs, seeds {string.Join(", ", seeds)}";
        return options.Smooth > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{text}; smoothed: trailing mean of {options.Smooth} updates")
            : text;
    }

    private static bool SameSettings(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out string? value) && value == kv.Value);

    private static string Label(List<RunSummary> group, List<List<RunSummary>> groups, string seeds)
    {
        RunSummary first = group[0];
        var differing = groups
            .Where(g => g != group && g[0].Env == first.Env)
            .SelectMany(g => first.Settings.Where(kv => !g[0].Settings.TryGetValue(kv.Key, out string? v) || v != kv.Value))
            .Select(kv => $"{ShortName(kv.Key)}={kv.Value}")
            .Distinct()
            .ToArray();
        return differing.Length == 0 ? $"{first.Env}: {seeds}" : $"{first.Env} {string.Join(" ", differing)}: {seeds}";
    }

    private static string ShortName(string dottedName) => dottedName[(dottedName.LastIndexOf('.') + 1)..];
}
