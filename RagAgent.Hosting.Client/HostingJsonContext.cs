using System.Text.Json;
using System.Text.Json.Serialization;

namespace RagAgent.Hosting.Contracts;

/// <summary>
/// Source-generated JSON metadata of the HTTP contracts: camelCase, unknown members rejected (a misspelt field is an
/// error, not silently ignored), and <c>"NaN"</c>/<c>"Infinity"</c> read so validation can name the field.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActRequest))]
[JsonSerializable(typeof(ActResponse))]
[JsonSerializable(typeof(BatchActResponse))]
[JsonSerializable(typeof(PolicyListResponse))]
[JsonSerializable(typeof(PolicyDetailResponse))]
[JsonSerializable(typeof(VersionSummary))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(LabelRequest))]
[JsonSerializable(typeof(RoutingResponse))]
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class HostingJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Makes <paramref name="options"/> read and write exactly as this context does (number handling, unknown members,
    /// naming, nulls) and resolve the contract types through it. The server's JSON options and hence its OpenAPI
    /// document are configured with this, so the document describes what the server accepts.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonSerializerOptions contract = Default.Options;
        options.NumberHandling = contract.NumberHandling;
        options.UnmappedMemberHandling = contract.UnmappedMemberHandling;
        options.DefaultIgnoreCondition = contract.DefaultIgnoreCondition;
        options.PropertyNamingPolicy = contract.PropertyNamingPolicy;
        options.PropertyNameCaseInsensitive = contract.PropertyNameCaseInsensitive;
        options.TypeInfoResolverChain.Insert(0, Default);
    }
}
