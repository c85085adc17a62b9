using System.Text.Json.Serialization;

namespace RagAgent.Core.Policies;

/// <summary>
/// Whether a policy gives each task id or node id a learned vector of its own
/// (<see cref="PolicyOptions.TaskIdEmbedding"/>, <see cref="PolicyOptions.NodeIdEmbedding"/>); the JSON spelling is in
/// brackets.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdEmbedding>))]
public enum IdEmbedding
{
    /// <summary>Decided from the env spec when the network is built (<c>auto</c>); a built policy reports the decision
    /// as <see cref="Always"/> or <see cref="Never"/>.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Whenever the env has the ids (<c>always</c>).</summary>
    [JsonStringEnumMemberName("always")]
    Always,

    /// <summary>Not at all (<c>never</c>).</summary>
    [JsonStringEnumMemberName("never")]
    Never,
}
