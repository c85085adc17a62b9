namespace RagAgent.Samples.Cli;

/// <summary>Process exit codes of <c>ragagent</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed while running (an I/O error, a diverged run).</summary>
    public const int Failure = 1;

    /// <summary>A bad option, argument or value: nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C after cleaning up (the usual 128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM after cleaning up (the usual 128 + SIGTERM).</summary>
    public const int Terminated = 143;

    /// <summary>The exit code of a run stopped by <paramref name="signal"/>.</summary>
    public static int Of(StopSignal signal) => signal == StopSignal.Terminate ? Terminated : Interrupted;
}
