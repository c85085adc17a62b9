using RagAgent.Core.Policies;
using RagAgent.Core.Training;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Builds the network of a verified checkpoint (it accepts any batch size). Throws <see cref="ArgumentException"/> or <see cref="InvalidDataException"/> when the weights do
/// not fit the manifest's architecture.
/// </summary>
public delegate IActorCritic PolicyBuilder(CheckpointContent content);
