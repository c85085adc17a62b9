namespace RagAgent.Samples.Cli;

/// <summary>What asked a running command to stop; decides the message and the exit code.</summary>
internal enum StopSignal
{
    /// <summary>Ctrl+C (SIGINT): exit code <see cref="ExitCodes.Interrupted"/>.</summary>
    Interrupt,

    /// <summary>SIGTERM (a cluster scheduler, <c>docker stop</c>, <c>kill</c>): exit code <see cref="ExitCodes.Terminated"/>.</summary>
    Terminate,
}
