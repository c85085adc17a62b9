using Microsoft.AspNetCore.Http.HttpResults;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Health and readiness.</summary>
public static class OperationsEndpoints
{
    /// <summary>Maps <c>/healthz</c>, <c>/readyz</c> and <c>/readyz/{name}</c> (anonymous).</summary>
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
}
