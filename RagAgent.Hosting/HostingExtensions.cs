using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Endpoints;
using RagAgent.Hosting.Metrics;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting;

/// <summary>Registration and pipeline of the policy server.</summary>
public static class HostingExtensions
{
    /// <summary>
    /// Registers the model store, micro-batching, API-key authentication with roles, per-key rate limiting, metrics,
    /// problem details and the OpenAPI document. <paramref name="policyBuilder"/> builds networks from checkpoints;
    /// a <see cref="PolicyBuilder"/> registered before this call wins.
    /// </summary>
    public static IServiceCollection AddRagAgentHosting(this IServiceCollection services, IConfiguration configuration, PolicyBuilder policyBuilder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HostingOptions>()
            .Bind(configuration.GetSection(HostingOptions.SectionName))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(policyBuilder);
        services.AddSingleton<HostingMetrics>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ModelStore>();
        services.AddHostedService<ModelStoreService>();
        services.AddProblemDetails();
        services.AddSingleton<RejectedRequestLog>();
        services.Configure<JsonOptions>(o => HostingJsonContext.Configure(o.SerializerOptions));

        services.AddAuthentication(ApiKeyStore.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyStore.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiRoles.Predict, p => p.RequireRole(ApiRoles.Predict))
            .AddPolicy(ApiRoles.Admin, p => p.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiRoles.AnyRole, p => p.RequireRole(ApiRoles.Predict, ApiRoles.Admin));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HostingOptions>>((limiter, hosting) =>
        {
            HostingOptions o = hosting.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                string detail = context.HttpContext.User.Identity?.IsAuthenticated == true
                    ? $"This API key may make {o.RateLimitPermitsPerSecond} requests per second (burst {o.RateLimitBurst})."
                    : $"Requests without a valid API key are limited to {o.AnonymousPermitsPerSecond} per second in all.";
                return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", detail, "authorization"));
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Keyless or bad-key requests share one bucket: they only ever get 401, and must not cost unbounded work.
                string? key = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
                (string partition, int permits, int burst) = key is null
                    ? (string.Empty, o.AnonymousPermitsPerSecond, o.AnonymousPermitsPerSecond)
                    : ("key:" + key, o.RateLimitPermitsPerSecond, o.RateLimitBurst);
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
            });
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RagAgent policy server";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [ApiKeyStore.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "API key: 'Authorization: Bearer <key>'. Roles: predict (act, read), admin (upload, activate).",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyStore.Scheme, document)] = [] }];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Adds the middleware (metrics, authentication, rate limiting, authorization) and maps every route.</summary>
    public static WebApplication UseRagAgentHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        HostingOptions options = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        if (options.RateLimitPermitsPerSecond > 0 || options.AnonymousPermitsPerSecond > 0)
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        app.MapOperations();
        app.MapPolicies();
        app.MapPolicyVersions();
        app.MapOpenApi().RequireAuthorization(ApiRoles.AnyRole);
        return app;
    }
}
