using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RagAgent.Hosting.Endpoints;

namespace RagAgent.Hosting.Security;

/// <summary>
/// The rate-limiter policy of the RagAgent routes: a token bucket per API key (found from the bearer token itself, so
/// it works whatever the host app's default authentication scheme), and one shared bucket for requests without a
/// valid key. Rejections answer 429 problem details with <c>Retry-After</c>.
/// </summary>
public sealed class ApiKeyRateLimiterPolicy(ApiKeyStore keys, IOptions<HostingOptions> options) : IRateLimiterPolicy<string>
{
    /// <summary>Policy name used with <c>RequireRateLimiting</c>.</summary>
    public const string Name = "RagAgent";

    private readonly HostingOptions _options = options.Value;

    /// <inheritdoc />
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "1";
        string detail = KeyName(context.HttpContext) is not null
            ? $"This API key may make {_options.RateLimitPermitsPerSecond} requests per second (burst {_options.RateLimitBurst})."
            : $"Requests without a valid API key are limited to {_options.AnonymousPermitsPerSecond} per second in all.";
        return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", detail, "authorization"));
    };

    /// <inheritdoc />
    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        string? key = KeyName(httpContext);
        (string partition, int permits, int burst) = key is null
            ? (string.Empty, _options.AnonymousPermitsPerSecond, _options.AnonymousPermitsPerSecond)
            : ("key:" + key, _options.RateLimitPermitsPerSecond, _options.RateLimitBurst);
        return permits == 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    private string? KeyName(HttpContext context) =>
        ApiKeyAuthenticationHandler.Secret(context.Request) is { } secret ? keys.Find(secret)?.Identity?.Name : null;
}
