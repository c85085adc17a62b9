using Microsoft.AspNetCore.Authorization;
using OpenTelemetry.Metrics;
using RagAgent.Hosting.Metrics;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Server;

/// <summary>The standalone server: the RagAgent.Hosting library, a fallback key requirement, and Prometheus metrics.</summary>
public static class ServerSetup
{
    /// <summary>
    /// <c>AddRagAgentPolicies</c>, plus: every route without its own rule needs a key (this server serves nothing
    /// else), and OpenTelemetry metrics (the <c>RagAgent.Hosting</c> meter and ASP.NET Core's request durations) for
    /// the Prometheus exporter.
    /// </summary>
    public static IServiceCollection AddRagAgentServer(this IServiceCollection services, IConfiguration configuration, PolicyBuilder? policyBuilder = null)
    {
        services.AddRagAgentPolicies(configuration, policyBuilder);
        services.AddAuthorizationBuilder().SetFallbackPolicy(
            new AuthorizationPolicyBuilder(ApiKeyStore.Scheme).RequireAuthenticatedUser().Build());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HostingMetrics.MeterName, "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// The pipeline: problem details for errors and bare status codes, routing, authentication, rate limiting,
    /// authorization, the RagAgent routes and <c>/metrics</c> (Prometheus text format, any key).
    /// </summary>
    public static WebApplication UseRagAgentServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapRagAgentPolicies();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiRoles.AnyRolePolicy)
            .RequireRateLimiting(ApiKeyRateLimiterPolicy.Name).WithName("Metrics").WithTags("operations")
            .WithSummary("Prometheus text format (OpenTelemetry): request durations, batch sizes, queue and compute times, versions.");
        return app;
    }
}
