using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Vector;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Envs.Registry;

/// <summary>
/// Named env factories, as Gymnasium's <c>gym.make</c>: <see cref="Register(string, string, Func{EnvMakeOptions, IEnv})"/> an id with a factory, then
/// <see cref="Make"/> envs by id. <see cref="CreateDefault"/> holds every built-in env.
/// </summary>
/// <remarks>Not thread-safe while registering; <see cref="Make"/> may be called from several threads once registration is done.</remarks>
public sealed class EnvRegistry
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    /// <summary>Registered ids in registration order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>A registry holding every built-in env (<c>cartpole</c>, <c>graph-nav</c>, <c>retrieval</c>, <c>smart-home</c>, <c>task-select</c>).</summary>
    public static EnvRegistry CreateDefault()
    {
        var registry = new EnvRegistry();
        registry.Register(
            CartPoleEnv.EnvId,
            "Balance a pole on a cart (Gymnasium CartPole-v1): 4 globals, 2 actions, reward 1 per step, 500-step limit.",
            options => new CartPoleEnv(options.MaxEpisodeSteps ?? CartPoleEnv.DefaultMaxEpisodeSteps));
        MultiGoalEnvs.Register(registry);
        return registry;
    }

    /// <summary>Adds an env factory under <paramref name="id"/> that takes no env-specific arguments.</summary>
    /// <param name="id">Unique name, for example <c>graph-nav</c>.</param>
    /// <param name="description">One line shown by <c>ragagent envs</c>.</param>
    /// <param name="factory">Builds a new env from validated options.</param>
    /// <exception cref="ArgumentException">The id is empty or already registered.</exception>
    public void Register(string id, string description, Func<EnvMakeOptions, IEnv> factory) => Register(id, description, factory, []);

    /// <summary>Adds an env factory under <paramref name="id"/> that reads the env-specific <paramref name="arguments"/> from <see cref="EnvMakeOptions.Args"/>.</summary>
    /// <param name="id">Unique name, for example <c>graph-nav</c>.</param>
    /// <param name="description">One line shown by <c>ragagent envs</c>.</param>
    /// <param name="factory">Builds a new env from validated options (read the arguments with <see cref="EnvMakeOptions.GetInt"/> and its siblings).</param>
    /// <param name="arguments">The keys the factory reads; <see cref="Make"/> rejects any other key.</param>
    /// <exception cref="ArgumentException">The id is empty or already registered, or two arguments share a name.</exception>
    public void Register(string id, string description, Func<EnvMakeOptions, IEnv> factory, IReadOnlyList<EnvArgument> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(arguments);
        if (_entries.ContainsKey(id))
        {
            throw new ArgumentException($"An env with id '{id}' is already registered; ids must be unique.", nameof(id));
        }

        if (arguments.Select(a => a.Name).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"Env '{id}' declares the argument '{repeated.Key}' twice.", nameof(arguments));
        }

        _entries.Add(id, new Entry(description, factory, arguments.ToArray()));
        _ids.Add(id);
    }

    /// <summary>True when <paramref name="id"/> is registered.</summary>
    public bool Contains(string id) => _entries.ContainsKey(id);

    /// <summary>Builds a new env registered under <paramref name="id"/>.</summary>
    /// <param name="id">A registered id.</param>
    /// <param name="options">Make options (defaults when null); validated before the factory runs.</param>
    /// <exception cref="KeyNotFoundException">The id is unknown; the message lists the known ids.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or <see cref="EnvMakeOptions.Args"/> holds a key the env does not declare (the message lists the env's arguments).</exception>
    /// <exception cref="EnvArgumentException">An env-specific argument does not parse or is out of range (the message names the env, the key and the value).</exception>
    public IEnv Make(string id, EnvMakeOptions? options = null)
    {
        Entry entry = Find(id);
        options ??= new EnvMakeOptions();
        options.Validate();
        RejectUnknownArgs(id, entry, options);
        IEnv env;
        try
        {
            env = entry.Factory(options);
        }
        catch (EnvArgumentException e)
        {
            throw new EnvArgumentException($"Env '{id}': {e.Message}", e);
        }

        return env ?? throw new InvalidOperationException($"The factory registered for env '{id}' returned null.");
    }

    /// <summary>The env-specific arguments <paramref name="id"/> accepts in <see cref="EnvMakeOptions.Args"/> (empty when none).</summary>
    public IReadOnlyList<EnvArgument> Arguments(string id) => Find(id).Arguments;

    /// <summary>
    /// Builds a vector env of <paramref name="numEnvs"/> copies of <paramref name="id"/>, each wrapped with
    /// <see cref="RecordEpisodeStatistics"/> so that <see cref="VectorStepResult.Infos"/>[i].Episode is set on the
    /// step where copy i ends an episode. This is what training and the command line use.
    /// </summary>
    /// <param name="id">A registered id.</param>
    /// <param name="numEnvs">Number of copies (at least 1).</param>
    /// <param name="options">Make options shared by every copy (so they share one world); defaults when null.</param>
    /// <param name="parallel">Step the copies on several threads (<see cref="ParallelVectorEnv"/>) instead of one (<see cref="SyncVectorEnv"/>).</param>
    public IVectorEnv MakeVector(string id, int numEnvs, EnvMakeOptions? options = null, bool parallel = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        var envs = new IEnv[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            envs[i] = new RecordEpisodeStatistics(Make(id, options));
        }

        return parallel ? new ParallelVectorEnv(envs) : new SyncVectorEnv(envs);
    }

    /// <summary>The one-line description registered with <paramref name="id"/>.</summary>
    public string Describe(string id) => Find(id).Description;

    /// <summary>The spec of the env <see cref="Make"/> would build for <paramref name="id"/> and <paramref name="options"/>.</summary>
    public EnvSpec GetSpec(string id, EnvMakeOptions? options = null)
    {
        IEnv env = Make(id, options);
        EnvSpec spec = env.Spec;
        (env as IDisposable)?.Dispose();
        return spec;
    }

    private Entry Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_entries.TryGetValue(id, out Entry? entry))
        {
            string known = _ids.Count == 0 ? "none" : string.Join(", ", _ids);
            throw new KeyNotFoundException($"Unknown env id '{id}'. Known ids: {known}.");
        }

        return entry;
    }

    private static void RejectUnknownArgs(string id, Entry entry, EnvMakeOptions options)
    {
        string[] unknown = options.Args.Keys.Where(k => !entry.Arguments.Any(a => a.Name == k)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            string takes = entry.Arguments.Count == 0 ? "it takes no arguments" : $"it takes: {string.Join(", ", entry.Arguments.Select(a => a.Name))}";
            throw new ArgumentException(
                $"Env '{id}' has no argument {string.Join(", ", unknown.Select(k => $"'{k}'"))}; {takes}.", nameof(options));
        }
    }

    private sealed record Entry(string Description, Func<EnvMakeOptions, IEnv> Factory, IReadOnlyList<EnvArgument> Arguments);
}
