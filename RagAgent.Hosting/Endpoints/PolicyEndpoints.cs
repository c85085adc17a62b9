using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Policy routes: list, describe, act.</summary>
public static class PolicyEndpoints
{
    /// <summary>Maps <c>GET /v1/policies</c>, <c>GET /v1/policies/{name}</c> and <c>POST /v1/policies/{name}:act</c>.</summary>
    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/v1/policies").WithTags("policies").RequireRateLimiting(ApiKeyRateLimiterPolicy.Name);
        group.MapGet("/", List).RequireAuthorization(ApiRoles.AnyRolePolicy).WithName("ListPolicies")
            .WithSummary("Policies with their versions and the active version.");
        group.MapGet("/{name}", Describe).RequireAuthorization(ApiRoles.AnyRolePolicy).WithName("GetPolicy")
            .WithSummary("Observation and action spec of the active version, and all versions.");
        group.MapPost("/{name}:act", ActEndpoint.ActAsync).RequireAuthorization(ApiRoles.PredictPolicy).WithName("Act")
            .WithSummary("Action, masked probabilities and value for one observation or a batch of instances.")
            .Accepts<ActRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{name}/versions/{version:int}:act", ActEndpoint.ActVersionAsync).RequireAuthorization(ApiRoles.PredictPolicy)
            .WithName("ActVersion")
            .WithSummary("Like :act, with the given version (ready, active or not) instead of the active one.")
            .Accepts<ActRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    private static Ok<PolicyListResponse> List(ModelStore store) =>
        TypedResults.Ok(new PolicyListResponse(store.Policies.Select(Summarize).ToList()));

    private static Results<Ok<PolicyDetailResponse>, ProblemHttpResult> Describe(string name, ModelStore store)
    {
        if (!store.TryGet(name, out PolicyEntry? entry))
        {
            return Problems.NotFound("name", $"Policy '{name}' does not exist.");
        }

        PolicyVersion? active = entry.Active;
        EnvSpec? spec = active?.Manifest?.Spec;
        return TypedResults.Ok(new PolicyDetailResponse(
            entry.Name,
            active?.Number,
            spec is null ? null : new ObservationSpecResponse(spec.Id, spec.NumTasks, spec.GoalFeatureSize, spec.MaxNodes, spec.NodeVocabSize,
                spec.NodeFeatureSize, spec.GlobalFeatureSize, spec.GoalFeatureBounds, spec.NodeFeatureBounds, spec.GlobalBounds),
            spec is null ? null : new ActionSpecResponse(spec.NumActions, spec.ActionsPerNode, spec.ExtraActions),
            active?.Manifest?.Policy,
            Versions(entry, active),
            Routing(entry.Routing)));
    }

    /// <summary>The summary of a policy as the list and activation routes answer it.</summary>
    public static PolicySummary Summarize(PolicyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        PolicyVersion? active = entry.Active;
        return new PolicySummary(entry.Name, active?.Number, Versions(entry, active));
    }

    /// <summary>The summary of one version.</summary>
    public static VersionSummary Summarize(PolicyVersion version, bool active)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new VersionSummary(version.Number, version.Status, active, version.Error,
            version.Manifest is { } manifest ? JsonSerializer.SerializeToElement(manifest.Policy.Architecture).GetString() : null, version.Manifest?.EnvId, version.Manifest?.TrainingSteps, version.Manifest?.CreatedUtc,
            version.Manifest?.WeightsSha256, version.Sha256, version.Warning, !version.IsReady ? null : version.IsInt8 ? "int8" : "none");
    }

    /// <summary>The routing as the API answers it.</summary>
    public static RoutingResponse Routing(TrafficRouting routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        return new RoutingResponse(routing.Labels, routing.Traffic);
    }

    private static List<VersionSummary> Versions(PolicyEntry entry, PolicyVersion? active) =>
        entry.Versions.Values.Select(v => Summarize(v, ReferenceEquals(v, active))).ToList();
}
