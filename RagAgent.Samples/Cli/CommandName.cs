namespace RagAgent.Samples.Cli;

/// <summary>
/// How the user can call <c>ragagent</c> again, for the hints the CLI prints (<c>next: … eval</c>, <c>… --resume</c>):
/// <c>ragagent</c> when the tool is on PATH, the README's <c>dotnet run --project RagAgent.Samples -c Release --</c>
/// from a clone's root, else <c>dotnet</c> with the full path of this assembly.
/// </summary>
internal static class CommandName
{
    private const string ToolName = "ragagent";

    /// <summary>The command prefix for this process's environment.</summary>
    public static string Current() => Resolve(
        Environment.GetEnvironmentVariable("PATH"),
        Directory.GetCurrentDirectory(),
        Path.Combine(AppContext.BaseDirectory, ToolName + ".dll"));

    /// <summary>The command prefix given the PATH, the working directory and the path of <c>ragagent.dll</c>.</summary>
    public static string Resolve(string? path, string workingDirectory, string assemblyPath)
    {
        if (OnPath(path))
        {
            return ToolName;
        }

        if (File.Exists(Path.Combine(workingDirectory, "RagAgent.Samples", "RagAgent.Samples.csproj")))
        {
            return "dotnet run --project RagAgent.Samples -c Release --";
        }

        return "dotnet " + Quote(assemblyPath);
    }

    /// <summary><paramref name="argument"/> quoted for a POSIX shell when it holds anything but safe characters.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:=,@".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool OnPath(string? path) =>
        !string.IsNullOrEmpty(path)
        && path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, ToolName)) || File.Exists(Path.Combine(directory, ToolName + ".exe")));
}
