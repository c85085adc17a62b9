using RagAgent.Samples.Cli;

namespace RagAgent.Samples;

/// <summary>Entry point of the <c>ragagent</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();

        // First Ctrl+C: stop between PPO updates and save; a second one ends the process at once.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        var context = new CliContext(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected, cancellation.Token);
        return CommandLineApp.Run(args, context);
    }
}
