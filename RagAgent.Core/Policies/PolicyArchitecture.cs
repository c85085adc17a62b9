using System.Text.Json.Serialization;

namespace RagAgent.Core.Policies;

/// <summary>Network architecture of a policy (<see cref="PolicyOptions.Architecture"/>); the JSON spelling is in brackets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyArchitecture>))]
public enum PolicyArchitecture
{
    /// <summary>Chosen from the env spec when the network is built: <see cref="TaskNode"/> when the env has nodes,
    /// else <see cref="Mlp"/> (<c>auto</c>). A built policy never reports it.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Actor and critic MLPs over one flat input vector (<c>mlp</c>).</summary>
    [JsonStringEnumMemberName("mlp")]
    Mlp,

    /// <summary>A shared per-node network over a task and a set of nodes (<c>task-node</c>).</summary>
    [JsonStringEnumMemberName("task-node")]
    TaskNode,
}
