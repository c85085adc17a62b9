using System.CommandLine;
using System.Globalization;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using Spectre.Console;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent envs</c>: the registered envs with their specs, as a table on a terminal and as aligned plain text when
/// output is redirected.
/// </summary>
internal static class EnvsCommand
{
    private static readonly string[] Headers = ["id", "tasks", "nodes", "node feat", "goal feat", "globals", "actions", "max steps", "solved at", "bounds", "info", "env args", "description"];

    // Short headers so the table fits an 80-column terminal without wrapping.
    private static readonly string[] TableHeaders = ["id", "tasks", "nodes", "node f", "goal f", "glob", "acts", "limit", "solved"];

    /// <summary>Builds the command; <paramref name="plugins"/> is the shared <c>--plugin</c> option.</summary>
    public static Command Create(CliContext context, Option<string[]> plugins)
    {
        var command = new Command("envs", "List the registered environments and their observation/action specs.");
        command.SetAction(parse =>
        {
            EnvRegistry registry = EnvPlugins.CreateRegistry(parse.GetValue(plugins));
            string[][] rows = registry.Ids.Select(id => Row(id, registry.GetSpec(id), registry.Arguments(id), registry.Describe(id))).ToArray();
            if (context.Interactive)
            {
                WriteTable(context, rows);
            }
            else
            {
                WritePlain(context.Out, rows);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Row(string id, EnvSpec spec, IReadOnlyList<EnvArgument> arguments, string description) =>
    [
        id,
        Number(spec.NumTasks),
        Number(spec.MaxNodes),
        Number(spec.NodeFeatureSize),
        Number(spec.GoalFeatureSize),
        Number(spec.GlobalFeatureSize),
        Number(spec.NumActions),
        spec.MaxEpisodeSteps is int steps ? Number(steps) : "-",
        spec.RewardThreshold is float threshold ? threshold.ToString("0.###", CultureInfo.InvariantCulture) : "-",
        Bounds(spec),
        (spec.HasSuccess ? "success" : "no success") + (spec.InfoKeys.Count == 0 ? string.Empty : ", " + string.Join(", ", spec.InfoKeys)),
        arguments.Count == 0 ? "-" : string.Join(", ", arguments.Select(a => $"{a.Name}: {a.Description}")),
        description,
    ];

    /// <summary>The declared feature bounds, for example <c>goal [0, 1], node [-1, 1], globals [0, 1]</c>, or <c>-</c>.</summary>
    private static string Bounds(EnvSpec spec)
    {
        string[] parts =
        [
            spec.GoalFeatureBounds is { } goal ? $"goal {goal}" : string.Empty,
            spec.NodeFeatureBounds is { } node ? $"node {node}" : string.Empty,
            spec.GlobalBounds is { } globals ? $"globals {globals}" : string.Empty,
        ];
        string text = string.Join(", ", parts.Where(p => p.Length > 0));
        return text.Length > 0 ? text : "-";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteTable(CliContext context, string[][] rows)
    {
        // Specs in a compact table that never wraps; descriptions below it, where they may wrap freely.
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Out) });
        var table = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < TableHeaders.Length; c++)
        {
            var column = new TableColumn(new Text(TableHeaders[c], new Style(decoration: Decoration.Bold))).NoWrap();
            table.AddColumn(c > 0 ? column.RightAligned() : column);
        }

        foreach (string[] row in rows)
        {
            table.AddRow(row.Take(TableHeaders.Length).Select((cell, c) => new Text(cell, c == 0 ? new Style(Color.Aqua) : Style.Plain)).ToArray());
        }

        table.Caption("f: features, glob: globals, acts: actions, limit: max episode steps", new Style(Color.Grey));
        console.Write(table);
        var descriptions = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (string[] row in rows)
        {
            descriptions.AddRow(new Text(row[0], new Style(Color.Aqua)), new Text($"{row[^1]}\nbounds: {row[^4]}; info: {row[^3]}{(row[^2] == "-" ? string.Empty : $"\nenv args (--env-arg): {row[^2]}")}"));
        }

        console.Write(descriptions);
    }

    private static void WritePlain(TextWriter output, string[][] rows)
    {
        int[] widths = Headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(Headers, widths));
        foreach (string[] row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) => string.Join(
        "  ",
        cells.Select((cell, c) => c == cells.Length - 1 ? cell : c == 0 || c >= TableHeaders.Length ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
}
