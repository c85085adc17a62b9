using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Admin routes: upload a checkpoint as a new version; activate, unload or delete a version.</summary>
public static class VersionEndpoints
{
    /// <summary>Maps <c>POST /v1/policies/{name}/versions</c> and <c>POST /v1/policies/{name}/versions/{version}:activate</c>.</summary>
    public static RouteGroupBuilder MapPolicyVersions(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/v1/policies/{name}/versions").WithTags("versions")
            .RequireAuthorization(ApiRoles.AdminPolicy).RequireRateLimiting(ApiKeyRateLimiterPolicy.Name);
        group.MapPost("/", UploadAsync).WithName("UploadVersion")
            .WithSummary("Uploads a checkpoint (safetensors bytes) as the next version; verified before it is stored.")
            .Accepts<byte[]>("application/octet-stream")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{version:int}:activate", Activate).WithName("ActivateVersion")
            .WithSummary("Serves the given version from now on (roll forward or back); persisted across restarts.");
        group.MapPost("/{version:int}:unload", Unload).WithName("UnloadVersion")
            .WithSummary("Frees a version that is not being served; its file stays and :activate loads it again.");
        group.MapDelete("/{version:int}", Delete).WithName("DeleteVersion")
            .WithSummary("Deletes a version that is not being served: its folder, its recorded hash and its network.");
        return group;
    }

    private static async Task<Results<Created<VersionSummary>, ProblemHttpResult, EmptyHttpResult>> UploadAsync(
        string name, HttpContext context, ModelStore store, IOptions<HostingOptions> options, CancellationToken cancellationToken)
    {
        long limit = options.Value.EffectiveMaxUploadBytes;
        string tooLarge = $"The checkpoint exceeds {limit} bytes (RagAgent:MaxUploadBytes).";
        if (context.Request.ContentLength > limit)
        {
            await OversizedBody.RespondAsync(context, "Checkpoint too large", tooLarge, "checkpoint");
            return TypedResults.Empty;
        }

        OversizedBody.LiftServerLimit(context, null);
        try
        {
            PolicyVersion version = await store.UploadAsync(name, context.Request.Body, limit, Actor(context), cancellationToken);
            bool active = store.TryGet(name, out PolicyEntry? entry) && ReferenceEquals(entry.Active, version);
            return TypedResults.Created($"/v1/policies/{name}", PolicyEndpoints.Summarize(version, active));
        }
        catch (ModelStoreException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await OversizedBody.RespondAsync(context, "Checkpoint too large", tooLarge, "checkpoint");
            return TypedResults.Empty;
        }
        catch (ModelStoreException e)
        {
            return Problems.Field(e.StatusCode, "Checkpoint rejected", e.Message, e.Field);
        }
    }

    private static Results<Ok<PolicySummary>, ProblemHttpResult> Activate(string name, int version, HttpContext context, ModelStore store)
    {
        try
        {
            store.Activate(name, version, Actor(context));
            store.TryGet(name, out PolicyEntry? entry);
            return TypedResults.Ok(PolicyEndpoints.Summarize(entry!));
        }
        catch (ModelStoreException e)
        {
            return Problems.Field(e.StatusCode, "Activation refused", e.Message, e.Field);
        }
    }

    private static Results<Ok<VersionSummary>, ProblemHttpResult> Unload(string name, int version, HttpContext context, ModelStore store)
    {
        try
        {
            return TypedResults.Ok(PolicyEndpoints.Summarize(store.Unload(name, version, Actor(context)), active: false));
        }
        catch (ModelStoreException e)
        {
            return Problems.Field(e.StatusCode, "Unload refused", e.Message, e.Field);
        }
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string name, int version, HttpContext context, ModelStore store)
    {
        try
        {
            store.Delete(name, version, Actor(context));
            return TypedResults.NoContent();
        }
        catch (ModelStoreException e)
        {
            return Problems.Field(e.StatusCode, "Delete refused", e.Message, e.Field);
        }
    }

    internal static string Actor(HttpContext context) => $"key '{context.User.Identity?.Name ?? "unknown"}'";
}
