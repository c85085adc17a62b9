namespace RagAgent.Hosting.Logging;

/// <summary>Structured log events of the server (named properties, no secrets).</summary>
public static partial class Log
{
    /// <summary>A version was loaded and can serve.</summary>
    [LoggerMessage(1, LogLevel.Information, "Loaded {Policy} version {Version} ({Architecture}, env {EnvId}, {TrainingSteps} training steps)")]
    public static partial void VersionLoaded(ILogger logger, string policy, int version, string architecture, string envId, long trainingSteps);

    /// <summary>A version was rejected.</summary>
    [LoggerMessage(2, LogLevel.Error, "Rejected {Policy} version {Version} ({File}): {Reason}")]
    public static partial void VersionRejected(ILogger logger, string policy, int version, string file, string reason);

    /// <summary>A version became active.</summary>
    [LoggerMessage(3, LogLevel.Information, "Activated {Policy} version {Version} (previous {PreviousVersion}, by {Actor})")]
    public static partial void VersionActivated(ILogger logger, string policy, int version, int? previousVersion, string actor);

    /// <summary>The persisted active version could not be used.</summary>
    [LoggerMessage(4, LogLevel.Warning, "Persisted active version {Version} of {Policy} is not ready; serving version {Fallback} instead")]
    public static partial void PersistedVersionUnavailable(ILogger logger, string policy, int version, int? fallback);

    /// <summary>The active version could not be persisted.</summary>
    [LoggerMessage(5, LogLevel.Warning, "Could not persist the active version of {Policy} to {Path}: {Reason}")]
    public static partial void PersistFailed(ILogger logger, string policy, string path, string reason);

    /// <summary>No API keys are configured.</summary>
    [LoggerMessage(6, LogLevel.Warning,
        "No API keys are configured: every route except /healthz and /readyz answers 401. Add keys under RagAgent:ApiKeys "
        + "(appsettings, or environment variables RagAgent__ApiKeys__0__Name, RagAgent__ApiKeys__0__Sha256, RagAgent__ApiKeys__0__Roles__0); "
        + "hash a secret with: dotnet run --project RagAgent.Hosting.Server -- hash-key SECRET")]
    public static partial void NoApiKeys(ILogger logger);

    /// <summary>Startup summary.</summary>
    [LoggerMessage(7, LogLevel.Information,
        "Serving {PolicyCount} policies from {ModelsDirectory} (state in {StateDirectory}); {KeyCount} API keys; max batch {MaxBatchSize}, "
        + "max wait {MaxBatchWaitMicroseconds} us; rate limit {RateLimit} req/s per key")]
    public static partial void Started(ILogger logger, int policyCount, string modelsDirectory, string stateDirectory, int keyCount,
        int maxBatchSize, int maxBatchWaitMicroseconds, int rateLimit);

    /// <summary>A scan of the model directory failed.</summary>
    [LoggerMessage(8, LogLevel.Error, "Scanning {ModelsDirectory} failed: {Reason}")]
    public static partial void ScanFailed(ILogger logger, string modelsDirectory, string reason);

    /// <summary>A checkpoint was uploaded.</summary>
    [LoggerMessage(9, LogLevel.Information, "Uploaded {Policy} version {Version} ({Bytes} bytes, by {Actor})")]
    public static partial void Uploaded(ILogger logger, string policy, int version, long bytes, string actor);

    /// <summary>Abandoned uploads were removed from the staging folder.</summary>
    [LoggerMessage(10, LogLevel.Warning, "Removed {Count} abandoned uploads from {StagingDirectory}")]
    public static partial void StagingCleaned(ILogger logger, int count, string stagingDirectory);

    /// <summary>A loaded version's file changed on disk.</summary>
    [LoggerMessage(11, LogLevel.Error, "{Policy} version {Version} ({File}): {Reason}")]
    public static partial void VersionFileChanged(ILogger logger, string policy, int version, string file, string reason);

    /// <summary>An active-version state file could not be used.</summary>
    [LoggerMessage(12, LogLevel.Warning, "Ignored the state file of {Policy} at {Path}: {Reason}")]
    public static partial void StateFileIgnored(ILogger logger, string policy, string path, string reason);

    /// <summary>Requests without a valid API key were refused (sampled).</summary>
    [LoggerMessage(13, LogLevel.Warning,
        "Refused {Count} requests without a valid API key (at most one such line per {IntervalSeconds} s); latest: {Reason} on {Path}")]
    public static partial void RequestsRefused(ILogger logger, long count, double intervalSeconds, string reason, string path);

    /// <summary>A version was unloaded.</summary>
    [LoggerMessage(14, LogLevel.Information, "Unloaded {Policy} version {Version} (by {Actor})")]
    public static partial void VersionUnloaded(ILogger logger, string policy, int version, string actor);

    /// <summary>A version was deleted.</summary>
    [LoggerMessage(15, LogLevel.Information, "Deleted {Policy} version {Version} (by {Actor})")]
    public static partial void VersionDeleted(ILogger logger, string policy, int version, string actor);

    /// <summary>Labels or the traffic split of a policy changed.</summary>
    [LoggerMessage(16, LogLevel.Information, "Routing of {Policy}: labels [{Labels}], traffic [{Traffic}] (by {Actor})")]
    public static partial void RoutingChanged(ILogger logger, string policy, string labels, string traffic, string actor);
}
