using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Endpoints;
using RagAgent.Hosting.Metrics;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

namespace RagAgent.Hosting;

/// <summary>
/// Adds RagAgent policy serving to an ASP.NET Core app: <see cref="AddRagAgentPolicies"/> registers the services,
/// <see cref="MapRagAgentPolicies"/> maps the routes. Nothing else of the host app changes: the API-key scheme is not
/// made the default, the authorization policies and the rate-limiter policy have prefixed names, and the routes carry
/// their own authorization and rate limiting.
/// </summary>
public static class HostingExtensions
{
    /// <summary>
    /// Registers the model store (loaded at start, rescanned every <c>WatchIntervalSeconds</c>), micro-batching, API-key
    /// authentication with roles, the per-key rate-limiter policy, the <c>RagAgent.Hosting</c> meter (export it with
    /// OpenTelemetry, as the standalone server does), problem details and the OpenAPI document,
    /// with <see cref="HostingOptions"/> bound from <paramref name="configuration"/>'s section <c>RagAgent</c>.
    /// <paramref name="policyBuilder"/> builds networks from checkpoints (default <see cref="PolicyFactory.FromCheckpoint"/>);
    /// a <see cref="PolicyBuilder"/> registered before this call wins. The app's minimal-API JSON options read numbers
    /// as the RagAgent contract does (numbers only as JSON numbers).
    /// </summary>
    public static IServiceCollection AddRagAgentPolicies(this IServiceCollection services, IConfiguration configuration, PolicyBuilder? policyBuilder = null)
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
        services.TryAddSingleton(policyBuilder ?? PolicyFactory.FromCheckpoint);
        services.AddSingleton<HostingMetrics>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<RejectedRequestLog>();
        services.AddSingleton<ModelStore>();
        services.AddHostedService<ModelStoreService>();
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => HostingJsonContext.Configure(o.SerializerOptions));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyStore.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.PredictPolicy, p => KeyWithRole(p, ApiRoles.Predict))
            .AddPolicy(ApiRoles.AdminPolicy, p => KeyWithRole(p, ApiRoles.Admin))
            .AddPolicy(ApiRoles.AnyRolePolicy, p => KeyWithRole(p, ApiRoles.Predict, ApiRoles.Admin));
        services.AddRateLimiter(o => o.AddPolicy<string, ApiKeyRateLimiterPolicy>(ApiKeyRateLimiterPolicy.Name));

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
                    Description = "API key: 'Authorization: Bearer <key>'. Roles: predict (act, read), admin (upload, activate, label, unload, delete).",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyStore.Scheme, document)] = [] }];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// Maps <c>/healthz</c>, <c>/readyz</c>, <c>/readyz/{name}</c>, the <c>/v1/policies</c> routes and
    /// <c>/openapi/v1.json</c>. Rate limits take effect when the app calls <c>app.UseRateLimiter()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapRagAgentPolicies(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapOperations();
        routes.MapPolicies();
        routes.MapPolicyVersions();
        routes.MapPolicyLabels();
        routes.MapOpenApi().RequireAuthorization(ApiRoles.AnyRolePolicy).RequireRateLimiting(ApiKeyRateLimiterPolicy.Name);
        return routes;
    }

    private static void KeyWithRole(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.AddAuthenticationSchemes(ApiKeyStore.Scheme).RequireAuthenticatedUser().RequireRole(roles);
}
