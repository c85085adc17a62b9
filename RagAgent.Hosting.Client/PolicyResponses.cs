using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Contracts;

/// <summary>One version of a policy.</summary>
/// <param name="Version">Version number.</param>
/// <param name="Status"><c>ready</c> or <c>rejected</c>.</param>
/// <param name="Active">True for the version being served.</param>
/// <param name="Error">Why the version was rejected.</param>
/// <param name="Architecture">Network architecture, resolved (<c>mlp</c> or <c>task-node</c>, never <c>auto</c>).</param>
/// <param name="EnvId">Env the policy was trained on.</param>
/// <param name="TrainingSteps">Env steps of training.</param>
/// <param name="CreatedUtc">When the checkpoint was written.</param>
/// <param name="WeightsSha256">SHA-256 of the weights (verified at load).</param>
/// <param name="FileSha256">SHA-256 of the checkpoint file as loaded: the version's identity (versions are immutable).</param>
/// <param name="Warning">What an operator should know about a ready version, e.g. that its file changed on disk.</param>
/// <param name="Quantization">Numeric format a ready version serves in: <c>none</c> (float32) or <c>int8</c>.</param>
public sealed record VersionSummary(
    int Version, string Status, bool Active, string? Error, string? Architecture, string? EnvId, long? TrainingSteps,
    DateTimeOffset? CreatedUtc, string? WeightsSha256, string? FileSha256 = null, string? Warning = null, string? Quantization = null);

/// <summary>A policy with its versions.</summary>
/// <param name="Name">Policy name.</param>
/// <param name="ActiveVersion">Version being served, or null when none is ready.</param>
/// <param name="Versions">All versions, oldest first.</param>
public sealed record PolicySummary(string Name, int? ActiveVersion, IReadOnlyList<VersionSummary> Versions);

/// <summary>Answer of <c>GET /v1/policies</c>.</summary>
/// <param name="Policies">Policies by name.</param>
public sealed record PolicyListResponse(IReadOnlyList<PolicySummary> Policies);

/// <summary>What an <c>:act</c> observation must look like for the active version.</summary>
/// <param name="EnvId">Env the policy was trained on.</param>
/// <param name="NumTasks">Task ids lie in [0, numTasks); 0 means no task id.</param>
/// <param name="GoalFeatureSize">Length of <c>goalFeatures</c>.</param>
/// <param name="MaxNodes">Most nodes per observation.</param>
/// <param name="NodeVocabSize">Node ids lie in [0, nodeVocabSize); 0 means nodes carry no id.</param>
/// <param name="NodeFeatureSize">Length of each <c>nodeFeatures</c> row; 0 means nodes carry no features.</param>
/// <param name="GlobalFeatureSize">Length of <c>globals</c>.</param>
/// <param name="GoalFeatureBounds">Range every goal feature must lie in (<c>low</c>/<c>high</c>, a missing side is unbounded), or absent.</param>
/// <param name="NodeFeatureBounds">Range every feature of a given node must lie in, or absent.</param>
/// <param name="GlobalBounds">Range every global must lie in, or absent.</param>
public sealed record ObservationSpecResponse(
    string EnvId, int NumTasks, int GoalFeatureSize, int MaxNodes, int NodeVocabSize, int NodeFeatureSize, int GlobalFeatureSize,
    FeatureBounds? GoalFeatureBounds, FeatureBounds? NodeFeatureBounds, FeatureBounds? GlobalBounds);

/// <summary>The action layout of the active version.</summary>
/// <param name="NumActions">Length of <c>actionMask</c> and <c>probabilities</c>.</param>
/// <param name="ActionsPerNode">Choices per node: action a acts on node a / actionsPerNode.</param>
/// <param name="ExtraActions">Actions after the node actions that belong to no node.</param>
public sealed record ActionSpecResponse(int NumActions, int ActionsPerNode, int ExtraActions);

/// <summary>Answer of <c>GET /v1/policies/{name}</c>.</summary>
/// <param name="Name">Policy name.</param>
/// <param name="ActiveVersion">Version being served.</param>
/// <param name="Observation">Observation spec of the active version.</param>
/// <param name="Action">Action spec of the active version.</param>
/// <param name="Network">Architecture and sizes of the active version.</param>
/// <param name="Versions">All versions, oldest first.</param>
/// <param name="Routing">Version labels and the traffic split.</param>
public sealed record PolicyDetailResponse(
    string Name, int? ActiveVersion, ObservationSpecResponse? Observation, ActionSpecResponse? Action, PolicyOptions? Network,
    IReadOnlyList<VersionSummary> Versions, RoutingResponse? Routing = null);

/// <summary>Answer of the health routes.</summary>
/// <param name="Status"><c>ok</c>, <c>ready</c> or <c>loading</c>.</param>
public sealed record HealthResponse(string Status);
