using System.CommandLine;
using System.CommandLine.Parsing;
using RagAgent.Samples.Commands;

namespace RagAgent.Samples.Cli;

/// <summary>
/// The <c>ragagent</c> command tree and its error policy: a parse error or a bad value prints
/// <c>ragagent: …</c> naming the option on stderr and returns <see cref="ExitCodes.Usage"/>; a failure while running
/// prints one line <c>ragagent: error: …</c> and returns <see cref="ExitCodes.Failure"/>.
/// </summary>
internal static class CommandLineApp
{
    /// <summary>Environment variable that, set to <c>1</c>, adds the stack trace to a runtime error.</summary>
    public const string DebugVariable = "RAGAGENT_DEBUG";

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build(CliContext context)
    {
        Option<string[]> plugins = EnvPlugins.CreateOption();
        var root = new RootCommand("ragagent: train, evaluate and plot multi-goal PPO agents built with RagAgent.")
        {
            TrainCommand.Create(context, plugins),
            EvalCommand.Create(context, plugins),
            PlotCommand.Create(context),
            EnvsCommand.Create(context, plugins),
            ExportCommand.Create(context),
            DistillCommand.Create(context, plugins),
            PruneCommand.Create(context),
        };
        root.Options.Add(plugins);
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns the process exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        ParseResult parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (ParseError error in parse.Errors)
            {
                context.Error.WriteLine($"ragagent: {ParseErrorText.Describe(error)}");
            }

            string command = parse.CommandResult.Command is RootCommand ? string.Empty : parse.CommandResult.Command.Name + " ";
            context.Error.WriteLine($"Run 'ragagent {command}--help' to see the options.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parse.Invoke(invocation);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"ragagent: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // A failure while running (disk full, a diverged run, an env that broke its contract): one line saying
            // what; the stack trace only when asked for with RAGAGENT_DEBUG=1.
            context.Error.WriteLine($"ragagent: error: {e.Message}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.Failure;
        }
    }
}
