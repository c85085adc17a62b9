using System.CommandLine;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent plot DIR [DIR ...] --out FILE.png|FILE.svg [--metrics a,b] [--x step|wall] [--smooth N] [--confidence L]</c>:
/// draws chosen <c>progress.csv</c> columns of several run directories, one panel per metric and env; runs of the same
/// env and settings with different seeds become thin per-seed lines behind their mean and its t-interval band.
/// </summary>
internal static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var defaults = new PlotOptions();
        var runs = new Argument<string[]>("DIR")
        {
            Description = "Run directories written by 'ragagent train' (each holds config.json and progress.csv). A directory given twice counts once.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = $"Image to write; the extension picks the format: {FigureFormats.Known}.",
            Required = true,
            HelpName = "FILE.png|FILE.svg",
        };
        var metrics = new Option<string>("--metrics", "-m")
        {
            Description = $"Comma-separated progress.csv columns, one row of panels each: {string.Join(", ", ProgressColumns.All.Select(c => c.Name))}.",
            DefaultValueFactory = _ => string.Join(',', defaults.Metrics),
            HelpName = "COL,COL,...",
        };
        var x = new Option<string>("--x")
        {
            Description = "Horizontal axis: env steps, or wall-clock seconds of training (summed over resumed sessions).",
            DefaultValueFactory = _ => AxisName(defaults.X),
            HelpName = "step|wall",
        };
        string[] axes = Enum.GetValues<XAxisKind>().Select(AxisName).ToArray();
        x.Validators.Add(result =>
        {
            string? given = result.GetValueOrDefault<string>();
            if (!axes.Contains(given))
            {
                result.AddError($"--x: '{given}' is not an axis; expected {string.Join(" or ", axes)}.");
            }
        });
        var smooth = new Option<int>("--smooth")
        {
            Description = "Trailing moving average over the last N updates (progress rows) of each run, before the mean over seeds; 1 = raw values.",
            DefaultValueFactory = _ => defaults.Smooth,
            HelpName = "N",
        }.AtLeast(1);
        var confidence = new Option<double>("--confidence")
        {
            Description = "Confidence level of the band around the mean of several seeds (Student t-interval of the mean).",
            DefaultValueFactory = _ => defaults.Confidence,
            HelpName = "LEVEL",
        };
        var command = new Command("plot", "Draw progress.csv columns of several runs (per-seed lines, their mean and a t-interval band) as PNG or SVG.")
        {
            runs, output, metrics, x, smooth, confidence,
        };
        command.SetAction(parse =>
        {
            var options = new PlotOptions
            {
                Metrics = parse.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                X = Enum.GetValues<XAxisKind>().First(k => AxisName(k) == parse.GetValue(x)),
                Smooth = parse.GetValue(smooth),
                Confidence = parse.GetValue(confidence),
            };
            return Run(context, parse.GetRequiredValue(runs), parse.GetRequiredValue(output), options);
        });
        return command;
    }

    /// <summary>The <c>--x</c> value of <paramref name="kind"/>: <c>step</c> or <c>wall</c>.</summary>
    private static string AxisName(XAxisKind kind) => kind.ToString().ToLowerInvariant();

    private static int Run(CliContext context, string[] directories, string output, PlotOptions options)
    {
        FigureFormat format = FigureFormats.FromPath(output)
            ?? throw new UsageException("--out", $"'{output}' has no known image extension; use {FigureFormats.Known}.");
        Validate(options);
        List<RunSummary> summaries = Load(context, directories);
        WarnAboutRepeatedSeeds(context, summaries);
        Figure figure = RunFigure.Build(summaries, options);
        string? parent = Path.GetDirectoryName(Path.GetFullPath(output));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        FigureFont.WarnIfNoneInstalled(context.Error);
        FigureRenderer.WriteFile(figure, output, format);
        int groups = RunFigure.Groups(summaries).Count;
        context.Out.WriteLine($"wrote {output}: {summaries.Count} run(s) in {groups} group(s), {figure.Panels.Count} panel(s)");
        return ExitCodes.Success;
    }

    private static void Validate(PlotOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            string option = e.ParamName switch
            {
                nameof(PlotOptions.Metrics) => "--metrics",
                nameof(PlotOptions.Smooth) => "--smooth",
                nameof(PlotOptions.Confidence) => "--confidence",
                _ => "--x",
            };
            throw new UsageException(option, e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal), e);
        }
    }

    /// <summary>Loads each directory once: the same directory given twice (by another spelling too) is not a second seed.</summary>
    private static List<RunSummary> Load(CliContext context, string[] directories)
    {
        var summaries = new List<RunSummary>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new UsageException("DIR", $"'{directory}' is not a directory.");
            }

            string key = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
            if (seen.TryGetValue(key, out string? first))
            {
                context.Error.WriteLine($"ragagent: warning: '{directory}' is the same directory as '{first}'; it is drawn once, not as another seed.");
                continue;
            }

            seen[key] = directory;
            try
            {
                summaries.Add(RunSummary.Load(directory));
            }
            catch (InvalidDataException e)
            {
                throw new UsageException("DIR", e.Message, e);
            }
        }

        return summaries;
    }

    private static void WarnAboutRepeatedSeeds(CliContext context, IReadOnlyList<RunSummary> runs)
    {
        foreach (List<RunSummary> group in RunFigure.Groups(runs))
        {
            foreach (IGrouping<int, RunSummary> seed in group.GroupBy(r => r.Seed).Where(s => s.Count() > 1))
            {
                context.Error.WriteLine(
                    $"ragagent: warning: {string.Join(", ", seed.Select(r => $"'{r.Directory}'"))} have the same env, settings and seed {seed.Key}; "
                    + "they count as separate seeds in the mean and band, but are probably copies of one run.");
            }
        }
    }
}
