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
        store.Scan();
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
                store.Scan();
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down.
        }
    }
}
