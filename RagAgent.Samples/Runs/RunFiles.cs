namespace RagAgent.Samples.Runs;

/// <summary>The file names inside a run directory written by <c>ragagent train</c>.</summary>
internal static class RunFiles
{
    /// <summary>One row per PPO update.</summary>
    public const string Progress = "progress.csv";

    /// <summary>The reward curve.</summary>
    public const string RewardCurve = "reward.svg";

    /// <summary>Every hyperparameter, the seed and the library version.</summary>
    public const string Config = "config.json";

    /// <summary>The trained policy (safetensors layout with a manifest).</summary>
    public const string Checkpoint = "policy.safetensors";
}
