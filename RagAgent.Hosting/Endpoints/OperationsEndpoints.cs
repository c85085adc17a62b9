using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Metrics;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Health, readiness and Prometheus metrics.</summary>
public static class OperationsEndpoints
{
    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c> (anonymous) and <c>/metrics</c> (any key).</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder health = routes.MapGroup(string.Empty).WithTags("operations");
        health.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).AllowAnonymous().WithName("Health")
            .WithSummary("Liveness: the process answers.");
        health.MapGet("/readyz", Ready).AllowAnonymous().WithName("Ready")
            .WithSummary("Readiness: the model store has been loaded.");
        health.MapGet("/readyz/{name}", PolicyReady).AllowAnonymous().WithName("PolicyReady")
            .WithSummary("Readiness of one policy: 200 when it serves a version, 503 when it has none ready, 404 when unknown.");
        health.MapGet("/metrics", Metrics).RequireAuthorization(ApiRoles.AnyRolePolicy).RequireRateLimiting(ApiKeyRateLimiterPolicy.Name).WithName("Metrics")
            .WithSummary("Prometheus text format: requests, latency, batch sizes, active versions.");
        return routes;
    }

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ModelStore store) =>
        store.IsLoaded
            ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Json(new HealthResponse("loading"), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>, NotFound<HealthResponse>> PolicyReady(string name, ModelStore store) =>
        !store.TryGet(name, out PolicyEntry? entry) ? TypedResults.NotFound(new HealthResponse("unknown"))
            : entry.Active is not null ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Json(new HealthResponse(store.IsLoaded ? "no ready version" : "loading"), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static ContentHttpResult Metrics(HostingMetrics metrics, ModelStore store)
    {
        var text = new StringBuilder(4096);
        metrics.WriteTo(text);
        text.Append("# HELP ragagent_active_version Version being served, by policy (0 when none is ready).\n");
        text.Append("# TYPE ragagent_active_version gauge\n");
        IReadOnlyList<PolicyEntry> policies = store.Policies;
        foreach (PolicyEntry entry in policies)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"ragagent_active_version{{policy=\"{HostingMetrics.Escape(entry.Name)}\"}} {entry.Active?.Number ?? 0}\n");
        }

        text.Append("# HELP ragagent_versions Versions found, by policy and status.\n");
        text.Append("# TYPE ragagent_versions gauge\n");
        foreach (PolicyEntry entry in policies)
        {
            int ready = entry.Versions.Values.Count(v => v.IsReady);
            string policy = HostingMetrics.Escape(entry.Name);
            text.Append(CultureInfo.InvariantCulture, $"ragagent_versions{{policy=\"{policy}\",status=\"ready\"}} {ready}\n");
            text.Append(CultureInfo.InvariantCulture,
                $"ragagent_versions{{policy=\"{policy}\",status=\"rejected\"}} {entry.Versions.Count - ready}\n");
        }

        return TypedResults.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }
}
