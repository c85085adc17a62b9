using System.Text.Json.Serialization;

namespace RagAgent.Core.Policies;

/// <summary>Hidden-layer activation of a policy network (<see cref="PolicyOptions.Activation"/>); the JSON spelling is in brackets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
public enum Activation
{
    /// <summary>Hyperbolic tangent (<c>tanh</c>), PPO's usual choice.</summary>
    [JsonStringEnumMemberName("tanh")]
    Tanh,

    /// <summary>Rectified linear unit (<c>relu</c>).</summary>
    [JsonStringEnumMemberName("relu")]
    ReLU,
}
