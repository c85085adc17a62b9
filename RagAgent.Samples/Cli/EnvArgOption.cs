using System.CommandLine;
using RagAgent.Envs.Registry;

namespace RagAgent.Samples.Cli;

/// <summary>
/// <c>--env-arg key=value</c> (repeatable) on <c>train</c> and <c>eval</c>: env-specific arguments that go into
/// <see cref="EnvMakeOptions.Args"/>. Each env declares the keys it takes (listed by <c>ragagent envs</c>); a key it
/// does not declare, or a value that does not parse, is a usage error naming <c>--env-arg</c>.
/// </summary>
internal static class EnvArgOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--env-arg";

    /// <summary>Creates the option.</summary>
    public static Option<string[]> Create() => new(Name)
    {
        Description = "Env-specific argument KEY=VALUE (see 'ragagent envs' for each env's keys). Repeatable.",
        HelpName = "KEY=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// <paramref name="baseline"/> (for example the arguments of a run's <c>config.json</c>) with the
    /// <c>key=value</c> pairs of <paramref name="given"/> added or overriding.
    /// </summary>
    /// <exception cref="UsageException">A pair has no <c>=</c> or an empty key, or a key is given twice.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string>? given, IReadOnlyDictionary<string, string>? baseline = null)
    {
        var args = new Dictionary<string, string>(baseline ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pair in given ?? [])
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = equals > 0 ? pair[..equals].Trim() : string.Empty;
            if (key.Length == 0)
            {
                throw new UsageException(Name, $"'{pair}' is not KEY=VALUE.");
            }

            if (!seen.Add(key))
            {
                throw new UsageException(Name, $"'{key}' is given twice.");
            }

            args[key] = pair[(equals + 1)..].Trim();
        }

        return args;
    }

    /// <summary>
    /// Makes <paramref name="envId"/> once with <paramref name="options"/> so that an unknown key or a bad value is
    /// reported now, as a usage error, rather than once the run has started.
    /// </summary>
    /// <exception cref="UsageException">The env rejects its arguments.</exception>
    public static void Check(EnvRegistry registry, string envId, EnvMakeOptions options)
    {
        if (options.Args.Count == 0)
        {
            return;
        }

        try
        {
            registry.GetSpec(envId, options);
        }
        catch (ArgumentException e)
        {
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new UsageException(Name, message, e);
        }
    }
}
