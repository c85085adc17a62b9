using RagAgent.Samples.Cli;

namespace RagAgent.Tests.Samples;

/// <summary>Runs <c>ragagent</c> in-process with captured output, as a user would from a non-interactive shell.</summary>
internal static class CliRunner
{
    public static CliOutcome Run(params string[] args) => Run(CancellationToken.None, args);

    public static CliOutcome Run(CancellationToken cancellation, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = CommandLineApp.Run(args, new CliContext(output, error, Interactive: false, cancellation));
        return new CliOutcome(exitCode, output.ToString(), error.ToString());
    }
}

internal readonly record struct CliOutcome(int ExitCode, string Output, string Error);
