using RagAgent.Hosting.Security;

namespace RagAgent.Hosting;

/// <summary>Settings of the policy server, bound from the configuration section <c>RagAgent</c>.</summary>
public sealed record HostingOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "RagAgent";

    /// <summary>Model store root: <c>DIR/&lt;policy&gt;/&lt;version&gt;/*.safetensors</c> (<c>--models DIR</c>).</summary>
    public string ModelsDirectory { get; init; } = string.Empty;

    /// <summary>Where the active version of each policy is persisted (<c>--state DIR</c>); defaults to
    /// <see cref="ModelsDirectory"/>. Point it at a writable volume when the models are mounted read-only.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Largest number of observations evaluated in one forward pass.</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>How long the first request of a batch waits for more to arrive before the forward pass runs,
    /// in microseconds. 0 batches only the requests that arrived while the previous forward pass ran.</summary>
    public int MaxBatchWaitMicroseconds { get; init; }

    /// <summary>Largest number of instances in one batch <c>:act</c> request.</summary>
    public int MaxInstancesPerRequest { get; init; } = 256;

    /// <summary>Largest <c>:act</c> request body in bytes; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Largest checkpoint upload in bytes; larger uploads get 413. Unset, it is derived from the memory the process may
    /// use (<see cref="DefaultMaxUploadBytes"/>): in a 1 GiB container the GC may use 768 MiB, which gives 192 MiB.
    /// </summary>
    public long? MaxUploadBytes { get; init; }

    /// <summary>
    /// Memory needed to verify an upload, as a multiple of its size. Streaming the body to disk costs nothing;
    /// verification holds the tensors' bytes, the float weights and the network (imported, not initialised): a
    /// 200 MB checkpoint peaked at 508 MiB RSS under a 768 MiB GC limit (2.1× over the 95 MiB idle server) and at
    /// 795 MiB under a 1 GiB limit (3.5×), benchmarks/results/hosting.md. A quarter keeps room for the served versions.
    /// </summary>
    public const int UploadMemoryFactor = 4;

    /// <summary><see cref="MaxUploadBytes"/>, or its default when unset.</summary>
    public long EffectiveMaxUploadBytes => MaxUploadBytes ?? DefaultMaxUploadBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The default upload limit for a process that may use <paramref name="availableMemoryBytes"/> (the
    /// GC's limit: 75 % of a container's memory limit unless configured): a quarter of it, between 16 MiB and 1 GiB.</summary>
    public static long DefaultMaxUploadBytes(long availableMemoryBytes) =>
        Math.Clamp(availableMemoryBytes / UploadMemoryFactor, 16L << 20, 1L << 30);

    /// <summary>Seconds between scans of <see cref="ModelsDirectory"/> for new version folders; 0 disables watching.</summary>
    public double WatchIntervalSeconds { get; init; } = 5;

    /// <summary>Activate a newly found or uploaded valid version at once (otherwise only the first version of a
    /// policy is activated automatically and later ones wait for <c>:activate</c>).</summary>
    public bool AutoActivateNewVersions { get; init; }

    /// <summary>
    /// Requests per second each API key may make (token bucket refill); 0 disables rate limiting. The default is above
    /// what one server answers (about 38,500 single-observation requests/s on 2 cores, benchmarks/results/hosting.md),
    /// so one client is never throttled below the server's capacity; lower it to share a server between clients.
    /// </summary>
    public int RateLimitPermitsPerSecond { get; init; } = 50_000;

    /// <summary>Token bucket size: requests a key may burst above the steady rate.</summary>
    public int RateLimitBurst { get; init; } = 50_000;

    /// <summary>
    /// Requests per second shared by all requests without a valid API key (they only ever get 401); 0 disables that
    /// limit. <c>/healthz</c> and <c>/readyz</c> are never rate limited.
    /// </summary>
    public int AnonymousPermitsPerSecond { get; init; } = 100;

    /// <summary>API keys, stored as SHA-256 hashes.</summary>
    public IReadOnlyList<ApiKeyEntry> ApiKeys { get; init; } = [];

    /// <summary>Per-policy serving settings by policy name (<c>RagAgent:Policies:{name}:Quantization</c>, ...); a policy
    /// not listed is served as float32.</summary>
    public IReadOnlyDictionary<string, PolicyServingOptions> Policies { get; init; } = new Dictionary<string, PolicyServingOptions>();

    /// <summary>The serving settings of policy <paramref name="name"/> (the defaults when it has none).</summary>
    public PolicyServingOptions ServingOf(string name) => Policies.GetValueOrDefault(name) ?? Default;

    private static readonly PolicyServingOptions Default = new();

    /// <summary>The directory holding active-version state files.</summary>
    public string EffectiveStateDirectory => string.IsNullOrWhiteSpace(StateDirectory) ? ModelsDirectory : StateDirectory;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelsDirectory))
        {
            throw new ArgumentException(
                "RagAgent:ModelsDirectory is not set: start with --models DIR (a folder of <policy>/<version>/*.safetensors).",
                nameof(ModelsDirectory));
        }

        Require(MaxBatchSize is >= 1 and <= 4096, nameof(MaxBatchSize), $"must be in [1, 4096], got {MaxBatchSize}");
        Require(MaxBatchWaitMicroseconds is >= 0 and <= 1_000_000, nameof(MaxBatchWaitMicroseconds),
            $"must be in [0, 1000000], got {MaxBatchWaitMicroseconds}");
        Require(MaxInstancesPerRequest >= 1, nameof(MaxInstancesPerRequest), $"must be >= 1, got {MaxInstancesPerRequest}");
        Require(MaxRequestBodyBytes >= 64, nameof(MaxRequestBodyBytes), $"must be >= 64, got {MaxRequestBodyBytes}");
        Require(MaxUploadBytes is null or >= 64, nameof(MaxUploadBytes), $"must be >= 64, got {MaxUploadBytes}");
        Require(WatchIntervalSeconds >= 0 && double.IsFinite(WatchIntervalSeconds), nameof(WatchIntervalSeconds),
            $"must be a finite number >= 0, got {WatchIntervalSeconds}");
        Require(RateLimitPermitsPerSecond >= 0, nameof(RateLimitPermitsPerSecond), $"must be >= 0, got {RateLimitPermitsPerSecond}");
        Require(RateLimitPermitsPerSecond == 0 || RateLimitBurst >= 1, nameof(RateLimitBurst), $"must be >= 1, got {RateLimitBurst}");
        Require(AnonymousPermitsPerSecond >= 0, nameof(AnonymousPermitsPerSecond), $"must be >= 0, got {AnonymousPermitsPerSecond}");
        for (int i = 0; i < ApiKeys.Count; i++)
        {
            ApiKeys[i].Validate($"ApiKeys[{i}]");
        }

        foreach ((string name, PolicyServingOptions policy) in Policies)
        {
            policy.Validate($"{SectionName}:Policies:{name}");
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"RagAgent:{field} {message}.", field);
        }
    }
}
