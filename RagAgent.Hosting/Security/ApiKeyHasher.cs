using System.Security.Cryptography;
using System.Text;

namespace RagAgent.Hosting.Security;

/// <summary>SHA-256 of API key secrets, as stored in configuration.</summary>
public static class ApiKeyHasher
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
