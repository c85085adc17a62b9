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
public sealed partial class HostingJsonContext : JsonSerializerContext;
