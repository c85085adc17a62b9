using RagAgent.Core.Policies;

namespace RagAgent.Core.Training;

/// <summary>What a running trainer offers its callbacks: the policy, progress and checkpoints.</summary>
public interface ITrainingSession
{
    /// <summary>The policy being trained. Callbacks may run <see cref="IActorCritic.Forward"/> on it between updates.</summary>
    IActorCritic Policy { get; }

    /// <summary>Env steps so far, summed over the envs.</summary>
    long GlobalStep { get; }

    /// <summary>Everything needed to resume: weights, optimizer state and trainer state.</summary>
    CheckpointContent CreateCheckpoint();
}
