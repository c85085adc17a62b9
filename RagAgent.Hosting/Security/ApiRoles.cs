namespace RagAgent.Hosting.Security;

/// <summary>Role names carried by API keys, and the authorization policies built on them.</summary>
public static class ApiRoles
{
    /// <summary>May call <c>:act</c> and read policies.</summary>
    public const string Predict = "predict";

    /// <summary>May upload, activate, label, unload and delete versions.</summary>
    public const string Admin = "admin";

    /// <summary>Authorization policy: an API key with the <see cref="Predict"/> role (prefixed so it never collides
    /// with the host app's own policies).</summary>
    public const string PredictPolicy = "RagAgent.Predict";

    /// <summary>Authorization policy: an API key with the <see cref="Admin"/> role.</summary>
    public const string AdminPolicy = "RagAgent.Admin";

    /// <summary>Authorization policy met by any key with either role (read-only routes, metrics, OpenAPI).</summary>
    public const string AnyRolePolicy = "RagAgent.AnyRole";
}
