using Microsoft.AspNetCore.Http.HttpResults;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Version labels (<c>stable</c>, <c>canary</c>) and the weighted traffic split between them.</summary>
public static class LabelEndpoints
{
    /// <summary>
    /// Maps <c>PUT|DELETE /v1/policies/{name}/labels/{label}</c> and <c>PUT /v1/policies/{name}/traffic</c> (admin), and
    /// <c>POST /v1/policies/{name}/labels/{label}:act</c> (predict).
    /// </summary>
    public static RouteGroupBuilder MapPolicyLabels(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/v1/policies/{name}").WithTags("labels").RequireRateLimiting(ApiKeyRateLimiterPolicy.Name);
        group.MapPut("/labels/{label}", SetLabel).RequireAuthorization(ApiRoles.AdminPolicy).WithName("SetLabel")
            .WithSummary("Points a label at a ready version (persisted; replicas follow at their next scan).");
        group.MapDelete("/labels/{label}", RemoveLabel).RequireAuthorization(ApiRoles.AdminPolicy).WithName("RemoveLabel")
            .WithSummary("Removes a label and its share of the traffic split.");
        group.MapPut("/traffic", SetTraffic).RequireAuthorization(ApiRoles.AdminPolicy).WithName("SetTraffic")
            .WithSummary("Splits unpinned :act requests between labels by integer weights (weighted round robin); {} clears the split.");
        group.MapPost("/labels/{label}:act", ActEndpoint.ActLabelAsync).RequireAuthorization(ApiRoles.PredictPolicy).WithName("ActLabel")
            .WithSummary("Like :act, with the version the label points at.")
            .Accepts<ActRequest>("application/json");
        return group;
    }

    private static Results<Ok<RoutingResponse>, ProblemHttpResult> SetLabel(
        string name, string label, LabelRequest request, HttpContext context, ModelStore store) =>
        Change(() => store.SetLabel(name, label, request.Version, VersionEndpoints.Actor(context)));

    private static Results<Ok<RoutingResponse>, ProblemHttpResult> RemoveLabel(string name, string label, HttpContext context, ModelStore store) =>
        Change(() => store.RemoveLabel(name, label, VersionEndpoints.Actor(context)));

    private static Results<Ok<RoutingResponse>, ProblemHttpResult> SetTraffic(
        string name, Dictionary<string, int> weights, HttpContext context, ModelStore store) =>
        Change(() => store.SetTraffic(name, weights, VersionEndpoints.Actor(context)));

    private static Results<Ok<RoutingResponse>, ProblemHttpResult> Change(Func<TrafficRouting> change)
    {
        try
        {
            return TypedResults.Ok(PolicyEndpoints.Routing(change()));
        }
        catch (ModelStoreException e)
        {
            return Problems.Field(e.StatusCode, "Routing refused", e.Message, e.Field);
        }
    }
}
