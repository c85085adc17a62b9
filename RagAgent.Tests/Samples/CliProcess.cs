using System.Diagnostics;

namespace RagAgent.Tests.Samples;

/// <summary>
/// Runs <c>ragagent</c> as a child process (<c>dotnet ragagent.dll</c> from the test output), for what only a real
/// process shows: signals, a kill, the exit code the shell sees.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private CliProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts <c>ragagent</c> with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ragagent.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Sends <paramref name="signal"/> (for example <c>TERM</c>) with <c>kill</c>.</summary>
    public void Signal(string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>True once the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the child (at most <paramref name="timeout"/>, then kills it and fails).</summary>
    public CliOutcome WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"ragagent did not exit within {timeout}.");
        }

        _process.WaitForExit();
        return new CliOutcome(_process.ExitCode, _output.Result, _error.Result);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
