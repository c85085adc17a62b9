using System.CommandLine;
using System.Reflection;
using RagAgent.Envs.Registry;

namespace RagAgent.Samples.Cli;

/// <summary>
/// Brings a user's own envs into the CLI: <c>--plugin FILE.dll</c> (on any command, repeatable) loads the assembly and
/// calls every <c>public static void RegisterEnvs(EnvRegistry registry)</c> it exports, after the built-in envs are
/// registered.
/// </summary>
internal static class EnvPlugins
{
    /// <summary>The name of the method a plugin exports.</summary>
    public const string RegisterMethodName = "RegisterEnvs";

    /// <summary>Creates the <c>--plugin</c> option (recursive: valid on every subcommand).</summary>
    public static Option<string[]> CreateOption() => new("--plugin")
    {
        Description = $"Assembly with your own envs: every 'public static void {RegisterMethodName}(EnvRegistry registry)' in it is called. Repeatable.",
        HelpName = "FILE.dll",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The built-in envs plus those of every plugin in <paramref name="pluginPaths"/>.</summary>
    /// <exception cref="UsageException">A plugin file is missing, not an assembly, or exports no registration method.</exception>
    public static EnvRegistry CreateRegistry(IEnumerable<string>? pluginPaths)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (string path in FullPaths(pluginPaths))
        {
            Register(registry, path);
        }

        return registry;
    }

    /// <summary>The distinct full paths of <paramref name="pluginPaths"/>, in order (a plugin given twice registers once).</summary>
    public static IReadOnlyList<string> FullPaths(IEnumerable<string>? pluginPaths) =>
        (pluginPaths ?? []).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToArray();

    private static void Register(EnvRegistry registry, string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new UsageException("--plugin", $"'{path}' does not exist; build your env project first (dotnet build -c Release).");
        }

        Assembly assembly;
        try
        {
            assembly = Assembly.LoadFrom(fullPath);
        }
        catch (BadImageFormatException e)
        {
            throw new UsageException("--plugin", $"'{path}' is not a .NET assembly.", e);
        }

        MethodInfo[] methods = assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name == RegisterMethodName && m.ReturnType == typeof(void)
                && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(EnvRegistry))
            .ToArray();
        if (methods.Length == 0)
        {
            throw new UsageException(
                "--plugin", $"'{path}' exports no 'public static void {RegisterMethodName}(EnvRegistry registry)' method.");
        }

        foreach (MethodInfo method in methods)
        {
            try
            {
                method.Invoke(null, [registry]);
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
            {
                throw new UsageException("--plugin", $"{method.DeclaringType!.FullName}.{RegisterMethodName} failed: {inner.Message}", inner);
            }
        }
    }
}
