using System.CommandLine;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent plot DIR [DIR ...] --out FILE.svg</c>: draws the reward curves of several run directories on one
/// chart; runs of the same env and settings with different seeds become a mean line with a min–max band.
/// </summary>
internal static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var runs = new Argument<string[]>("DIR")
        {
            Description = "Run directories written by 'ragagent train' (each holds config.json and progress.csv).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "SVG file to write.",
            Required = true,
            HelpName = "FILE.svg",
        };
        var command = new Command("plot", "Draw the reward curves of several runs on one chart (mean and min-max band over seeds).")
        {
            runs,
            output,
        };
        command.SetAction(parse => Run(context, parse.GetRequiredValue(runs), parse.GetRequiredValue(output)));
        return command;
    }

    private static int Run(CliContext context, string[] directories, string output)
    {
        var summaries = new List<RunSummary>();
        foreach (string directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new UsageException("DIR", $"'{directory}' is not a directory.");
            }

            try
            {
                summaries.Add(RunSummary.Load(directory));
            }
            catch (InvalidDataException e)
            {
                throw new UsageException("DIR", e.Message, e);
            }
        }

        LineChart chart = RunChart.Build(summaries);
        string? parent = Path.GetDirectoryName(Path.GetFullPath(output));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        SvgLineChartRenderer.WriteFile(chart, output);
        context.Out.WriteLine($"wrote {output}: {summaries.Count} run(s) in {chart.Series.Count} series");
        return ExitCodes.Success;
    }
}
