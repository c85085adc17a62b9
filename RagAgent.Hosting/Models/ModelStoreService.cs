using Microsoft.Extensions.Options;
using RagAgent.Hosting.Logging;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Models;

/// <summary>Loads the model store at start and rescans the models folder every <c>WatchIntervalSeconds</c>.</summary>
public sealed class ModelStoreService(ModelStore store, ApiKeyStore keys, IOptions<HostingOptions> options, ILogger<ModelStoreService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        HostingOptions o = options.Value;
        ScanGuarded();
        if (keys.Count == 0)
        {
            Log.NoApiKeys(logger);
        }

        Log.Started(logger, store.Policies.Count, Path.GetFullPath(o.ModelsDirectory), Path.GetFullPath(o.EffectiveStateDirectory),
            keys.Count, o.MaxBatchSize, o.MaxBatchWaitMicroseconds, o.RateLimitPermitsPerSecond);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        double seconds = options.Value.WatchIntervalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ScanGuarded();
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down.
        }
    }

    /// <summary>A scan never stops the server: a failure is logged and the next tick tries again.</summary>
    private void ScanGuarded()
    {
        try
        {
            store.Scan();
        }
#pragma warning disable CA1031 // The watcher must outlive any file dropped into the models folder.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ScanFailed(logger, options.Value.ModelsDirectory, e.Message);
        }
    }
}
