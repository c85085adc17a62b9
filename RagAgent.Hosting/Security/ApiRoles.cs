namespace RagAgent.Hosting.Security;

/// <summary>Role names carried by API keys and the authorization policies built on them.</summary>
public static class ApiRoles
{
    /// <summary>May call <c>:act</c> and read policies.</summary>
    public const string Predict = "predict";

    /// <summary>May upload and activate versions.</summary>
    public const string Admin = "admin";

    /// <summary>Authorization policy met by any key with either role (read-only routes, metrics, OpenAPI).</summary>
    public const string AnyRole = "any-role";
}
