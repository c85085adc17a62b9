using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Vector;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Envs.Registry;

/// <summary>
/// Named env factories, as Gymnasium's <c>gym.make</c>: <see cref="Register"/> an id with a factory, then
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

    /// <summary>Adds an env factory under <paramref name="id"/>.</summary>
    /// <param name="id">Unique name, for example <c>graph-nav</c>.</param>
    /// <param name="description">One line shown by <c>ragagent envs</c>.</param>
    /// <param name="factory">Builds a new env from validated options.</param>
    /// <exception cref="ArgumentException">The id is empty or already registered.</exception>
    public void Register(string id, string description, Func<EnvMakeOptions, IEnv> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(factory);
        if (_entries.ContainsKey(id))
        {
            throw new ArgumentException($"An env with id '{id}' is already registered; ids must be unique.", nameof(id));
        }

        _entries.Add(id, new Entry(description, factory));
        _ids.Add(id);
    }

    /// <summary>True when <paramref name="id"/> is registered.</summary>
    public bool Contains(string id) => _entries.ContainsKey(id);

    /// <summary>Builds a new env registered under <paramref name="id"/>.</summary>
    /// <param name="id">A registered id.</param>
    /// <param name="options">Make options (defaults when null); validated before the factory runs.</param>
    /// <exception cref="KeyNotFoundException">The id is unknown; the message lists the known ids.</exception>
    public IEnv Make(string id, EnvMakeOptions? options = null)
    {
        Entry entry = Find(id);
        options ??= new EnvMakeOptions();
        options.Validate();
        return entry.Factory(options)
            ?? throw new InvalidOperationException($"The factory registered for env '{id}' returned null.");
    }

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

    private sealed record Entry(string Description, Func<EnvMakeOptions, IEnv> Factory);
}
