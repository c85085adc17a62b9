namespace RagAgent.Hosting.Security;

/// <summary>One API key as configured: a name for logs and rate limiting, the SHA-256 of the secret, and roles.</summary>
public sealed record ApiKeyEntry
{
    /// <summary>Name of the key (who holds it); logged and used as the rate-limit partition, never the secret.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Lower- or upper-case hex SHA-256 of the UTF-8 secret (<c>dotnet run --project RagAgent.Hosting.Server -- hash-key SECRET</c>).</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>Roles: <c>predict</c> (act, read policies) and/or <c>admin</c> (upload, activate).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field of key <paramref name="path"/>.</summary>
    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"RagAgent:{path}:Name must be a non-empty name.", path + ":Name");
        }

        if (Sha256 is not { Length: 64 } || !Sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException(
                $"RagAgent:{path}:Sha256 of key '{Name}' must be 64 hex digits (the SHA-256 of the secret, not the secret).", path + ":Sha256");
        }

        if (Roles.Count == 0 || Roles.Any(r => r is not (ApiRoles.Predict or ApiRoles.Admin)))
        {
            throw new ArgumentException(
                $"RagAgent:{path}:Roles of key '{Name}' must list '{ApiRoles.Predict}' and/or '{ApiRoles.Admin}'.", path + ":Roles");
        }
    }
}
