using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RagAgent.Hosting.Security;

/// <summary>
/// The configured API keys as SHA-256 hashes. A presented secret is hashed and compared with every stored hash in
/// constant time, so neither the comparison nor the position of the matching key leaks through timing.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>Authentication scheme name.</summary>
    public const string Scheme = "ApiKey";

    private readonly Key[] _keys;

    /// <summary>Builds the store from <see cref="HostingOptions.ApiKeys"/>.</summary>
    public ApiKeyStore(IOptions<HostingOptions> options)
    {
        _keys = options.Value.ApiKeys
            .Select(k => new Key(Convert.FromHexString(k.Sha256), Principal(k)))
            .ToArray();
    }

    /// <summary>Number of configured keys.</summary>
    public int Count => _keys.Length;

    /// <summary>Returns the principal of the key whose hash matches <paramref name="secret"/>, or null.</summary>
    public ClaimsPrincipal? Find(ReadOnlySpan<char> secret)
    {
        int byteCount = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = byteCount > 512 ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        Span<byte> bytes = rented ?? stackalloc byte[512];
        try
        {
            int written = Encoding.UTF8.GetBytes(secret, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            ClaimsPrincipal? match = null;
            foreach (Key key in _keys)
            {
                bool equal = CryptographicOperations.FixedTimeEquals(hash, key.Hash);
                match = equal ? key.Principal : match;
            }

            return match;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ClaimsPrincipal Principal(ApiKeyEntry entry)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(entry.Roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private sealed record Key(byte[] Hash, ClaimsPrincipal Principal);
}
