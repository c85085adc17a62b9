using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RagAgent.Core.Distributions;
using Microsoft.Extensions.Options;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Core.Training;
using RagAgent.Hosting.Contracts;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Validation;

namespace RagAgent.Hosting.Endpoints;

/// <summary><c>POST /v1/policies/{name}:act</c>: validate, micro-batch, answer.</summary>
public static class ActEndpoint
{
    private static readonly long SamplerNonce = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
    private static long s_samplerCounter;

    /// <summary>Answers one observation or a batch of instances with the policy's active version (or, when a traffic
    /// split is set, the version of the label the split picks).</summary>
    public static Task<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> ActAsync(
        string name, HttpContext context, ModelStore store, IOptions<HostingOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return !store.TryGet(name, out PolicyEntry? entry) ? NotFound("name", $"Policy '{name}' does not exist.")
            : entry.ChooseForRequest() is not { } chosen ? NotFound("name", $"Policy '{name}' has no ready version to serve.")
            : RunAsync(name, chosen, context, options.Value, cancellationToken);
    }

    /// <summary>Answers with version <paramref name="version"/>, active or not, as long as it is ready.</summary>
    public static Task<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> ActVersionAsync(
        string name, int version, HttpContext context, ModelStore store, IOptions<HostingOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return !store.TryGet(name, out PolicyEntry? entry) ? NotFound("name", $"Policy '{name}' does not exist.")
            : !entry.Versions.TryGetValue(version, out PolicyVersion? chosen) ? NotFound("version", $"Policy '{name}' has no version {version}.")
            : !chosen.IsReady ? NotFound("version", $"Version {version} of '{name}' was rejected and cannot serve: {chosen.Error}")
            : RunAsync(name, chosen, context, options.Value, cancellationToken);
    }

    /// <summary>Answers with the version <paramref name="label"/> points at.</summary>
    public static Task<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> ActLabelAsync(
        string name, string label, HttpContext context, ModelStore store, IOptions<HostingOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return !store.TryGet(name, out PolicyEntry? entry) ? NotFound("name", $"Policy '{name}' does not exist.")
            : entry.Labelled(label) is not { } chosen ? NotFound("label", $"Policy '{name}' has no label '{label}' on a ready version.")
            : RunAsync(name, chosen, context, options.Value, cancellationToken);
    }

    private static Task<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> NotFound(
        string field, string detail) =>
        Task.FromResult<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>>(
            Problems.NotFound(field, detail));

    private static async Task<Results<Ok<ActResponse>, Ok<BatchActResponse>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> RunAsync(
        string name, PolicyVersion version, HttpContext context, HostingOptions o, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckpointManifest manifest = version.Manifest!;
        MicroBatcher batcher = version.Batcher!;
        using PooledBody? body = await RequestBody.ReadAsync(context.Request, o.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            await OversizedBody.RespondAsync(context, "Request too large",
                $"The request body exceeds {o.MaxRequestBodyBytes} bytes (RagAgent:MaxRequestBodyBytes).", "body");
            return TypedResults.Empty;
        }

        ActRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body.Span, HostingJsonContext.Default.ActRequest);
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "body";
            return Problems.BadField(field, $"The body is not a valid :act request at '{field}': {e.Message}");
        }

        if (request is null)
        {
            return Problems.BadField("body", "The body must be a JSON object with 'observation' or 'instances'.");
        }

        EnvSpec spec = manifest.Spec;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Observation[] observations;
        bool[] deterministic;
        if (request.Observation is not null && request.Instances is not null)
        {
            return Problems.BadField("instances", "Give either 'observation' (one) or 'instances' (a batch), not both.");
        }

        if (request.Instances is { } instances)
        {
            if (instances.Count < 1 || instances.Count > o.MaxInstancesPerRequest)
            {
                return Problems.BadField("instances", $"has {instances.Count} entries; expected 1 to {o.MaxInstancesPerRequest}.");
            }

            observations = new Observation[instances.Count];
            deterministic = new bool[instances.Count];
            for (int i = 0; i < instances.Count; i++)
            {
                observations[i] = ObservationReader.Read(instances[i]?.Observation, spec, $"instances[{i}].observation", errors)!;
                deterministic[i] = instances[i]?.Deterministic ?? request.Deterministic ?? true;
            }
        }
        else
        {
            if (request.Observation is null)
            {
                return Problems.BadField("observation", "The body needs 'observation' (one) or 'instances' (a batch).");
            }

            observations = [ObservationReader.Read(request.Observation, spec, "observation", errors)!];
            deterministic = [request.Deterministic ?? true];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: errors.First().Value[0],
                title: $"The observation does not fit policy '{name}' version {version.Number}.");
        }

        var job = new ActJob(observations, spec.NumActions);
        try
        {
            await batcher.RunAsync(job);
        }
        catch (ArgumentException e)
        {
            return Problems.Field(StatusCodes.Status500InternalServerError, "The policy's output is not usable",
                $"Version {version.Number} of '{name}' computed logits it cannot turn into probabilities for this request: {e.Message}", "observation");
        }

        EnvRandom? random = Array.TrueForAll(deterministic, d => d) ? null
            : new EnvRandom(request.Seed ?? (SamplerNonce ^ Interlocked.Increment(ref s_samplerCounter)));
        var answers = new ActResponse[observations.Length];
        for (int i = 0; i < answers.Length; i++)
        {
            ReadOnlySpan<float> logits = job.LogitsOf(i);
            ReadOnlySpan<bool> mask = observations[i].ActionMask;
            int action = deterministic[i] ? MaskedCategorical.Mode(logits, mask) : MaskedCategorical.Sample(logits, mask, random!, out _);
            answers[i] = new ActResponse(action, job.ProbabilitiesOf(i).ToArray(), job.Values[i], name, version.Number);
        }

        return request.Instances is null
            ? TypedResults.Ok(answers[0])
            : TypedResults.Ok(new BatchActResponse(answers, name, version.Number));
    }
}
