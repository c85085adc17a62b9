namespace RagAgent.Core.Algorithms;

/// <summary>Where a trainer's wall time went, in seconds, accumulated over its lifetime.</summary>
/// <param name="EnvStep">Stepping the vector env (including resets of finished copies).</param>
/// <param name="Forward">Policy forward passes during rollouts (actions, truncation bootstraps, last values).</param>
/// <param name="Sampling">Sampling actions from the masked categorical.</param>
/// <param name="Storage">Copying observations and results into the rollout buffer and episode bookkeeping.</param>
/// <param name="Gae">Computing advantages and returns.</param>
/// <param name="Update">The PPO update (forward, backward, optimizer steps).</param>
public readonly record struct RolloutTimings(double EnvStep, double Forward, double Sampling, double Storage, double Gae, double Update)
{
    /// <summary>Sum of every part.</summary>
    public double Total => EnvStep + Forward + Sampling + Storage + Gae + Update;
}
