using RagAgent.Samples.Cli;

namespace RagAgent.Samples;

/// <summary>Entry point of the <c>ragagent</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // First Ctrl+C or SIGTERM: stop between PPO updates and save; a second one ends the process at once.
        using var signals = new StopSignals();
        var context = new CliContext(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected, signals.Token)
        {
            StopReason = () => signals.Received,
        };
        return CommandLineApp.Run(args, context);
    }
}
