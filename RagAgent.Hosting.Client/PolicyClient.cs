using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Contracts;

namespace RagAgent.Hosting.Client;

/// <summary>
/// Typed client of a RagAgent policy server: give it an <see cref="Observation"/>, get the action back. The JSON is
/// written by <see cref="ObservationPayload.From"/> and <see cref="HostingJsonContext"/>, the contract the server reads,
/// so callers never build it by hand. Refusals throw <see cref="PolicyClientException"/> naming the server's field.
/// </summary>
/// <remarks>The <see cref="HttpClient"/> carries the base address and is owned by the caller (use
/// <c>IHttpClientFactory</c> in apps).</remarks>
public sealed class PolicyClient
{
    private readonly HttpClient _http;

    /// <summary>Creates a client over <paramref name="http"/> (its <see cref="HttpClient.BaseAddress"/> is the server);
    /// <paramref name="apiKey"/>, when given, is sent as <c>Authorization: Bearer</c>.</summary>
    public PolicyClient(HttpClient http, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>Acts on one observation with the active version (or <paramref name="version"/>).</summary>
    /// <param name="policy">Policy name.</param>
    /// <param name="observation">The observation, with its action mask.</param>
    /// <param name="deterministic">True: the most probable allowed action; false: a sample of the masked distribution.</param>
    /// <param name="seed">Seed of the sampler when <paramref name="deterministic"/> is false.</param>
    /// <param name="version">A specific version instead of the active one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ActResponse> ActAsync(
        string policy, Observation observation, bool deterministic = true, long? seed = null, int? version = null,
        CancellationToken cancellationToken = default)
    {
        var request = new ActRequest { Observation = ObservationPayload.From(observation), Deterministic = deterministic, Seed = seed };
        return await PostAsync(ActPath(policy, version), request, HostingJsonContext.Default.ActResponse, cancellationToken);
    }

    /// <summary>Acts on a batch of observations in one request; all answers come from one version.</summary>
    public async Task<BatchActResponse> ActBatchAsync(
        string policy, IReadOnlyList<Observation> observations, bool deterministic = true, long? seed = null, int? version = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var request = new ActRequest
        {
            Instances = observations.Select(o => new ActInstance { Observation = ObservationPayload.From(o) }).ToList(),
            Deterministic = deterministic,
            Seed = seed,
        };
        return await PostAsync(ActPath(policy, version), request, HostingJsonContext.Default.BatchActResponse, cancellationToken);
    }

    /// <summary>The policies, their versions and active versions.</summary>
    public Task<PolicyListResponse> ListAsync(CancellationToken cancellationToken = default) =>
        GetAsync("v1/policies", HostingJsonContext.Default.PolicyListResponse, cancellationToken);

    /// <summary>The observation and action spec of a policy's active version, and its versions.</summary>
    public Task<PolicyDetailResponse> DescribeAsync(string policy, CancellationToken cancellationToken = default) =>
        GetAsync($"v1/policies/{Uri.EscapeDataString(policy)}", HostingJsonContext.Default.PolicyDetailResponse, cancellationToken);

    private static string ActPath(string policy, int? version)
    {
        ArgumentException.ThrowIfNullOrEmpty(policy);
        string name = Uri.EscapeDataString(policy);
        return version is int v ? $"v1/policies/{name}/versions/{v}:act" : $"v1/policies/{name}:act";
    }

    private async Task<T> PostAsync<T>(string path, ActRequest request, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync(path, request, HostingJsonContext.Default.ActRequest, cancellationToken);
        return await ReadAsync(response, answer, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, answer, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync(answer, cancellationToken)
            ?? throw new PolicyClientException((int)response.StatusCode, null, "The server answered an empty body.");
    }

    private static async Task<PolicyClientException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using JsonDocument problem = JsonDocument.Parse(text);
            JsonElement root = problem.RootElement;
            string? field = root.TryGetProperty("field", out JsonElement f) ? f.GetString()
                : root.TryGetProperty("errors", out JsonElement e) && e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().FirstOrDefault().Name
                : null;
            string detail = root.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? text : text;
            return new PolicyClientException(status, field, $"{status}: {detail}");
        }
        catch (JsonException)
        {
            return new PolicyClientException(status, null, $"{status}: {text}");
        }
    }
}
