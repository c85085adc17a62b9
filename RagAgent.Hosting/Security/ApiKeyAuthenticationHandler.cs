using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagAgent.Hosting.Endpoints;

namespace RagAgent.Hosting.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;secret&gt;</c> against <see cref="ApiKeyStore"/>. Challenges and
/// forbids answer RFC 7807 problem details. The secret is never logged, and refusals are sample-logged through
/// <see cref="RejectedRequestLog"/> instead of one line per request.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    UrlEncoder encoder,
    ApiKeyStore keys,
    RejectedRequestLog refusals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Secret(Request) is not { } secret)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must use the Bearer scheme."));
        }

        var principal = keys.Find(secret);
        return Task.FromResult(principal is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <summary>The bearer token of <paramref name="request"/>, or null when there is none.</summary>
    public static string? Secret(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? header[BearerPrefix.Length..].Trim()
            : null;
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        refusals.Record(string.IsNullOrEmpty(Request.Headers.Authorization) ? "no API key" : "unknown API key or scheme", Request.Path);
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "A valid API key is required: send 'Authorization: Bearer <key>'.", "authorization");
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "The API key does not have the role this route needs.", "authorization");
}
