namespace RagAgent.Samples.Runs;

/// <summary>The file names inside a run directory written by <c>ragagent train</c>.</summary>
internal static class RunFiles
{
    /// <summary>One row per PPO update.</summary>
    public const string Progress = "progress.csv";

    /// <summary>One row per finished training episode.</summary>
    public const string Episodes = "episodes.csv";

    /// <summary>One row per evaluation during training (<c>--eval-every</c>).</summary>
    public const string Evaluations = "eval.csv";

    /// <summary>The reward curve.</summary>
    public const string RewardCurve = "reward.svg";

    /// <summary>Every hyperparameter, the seed and the library version.</summary>
    public const string Config = "config.json";

    /// <summary>The trained policy (safetensors layout with a manifest).</summary>
    public const string Checkpoint = "policy.safetensors";

    /// <summary>The policy with the best evaluation mean return (<c>--eval-every</c>).</summary>
    public const string BestCheckpoint = "best.safetensors";

    /// <summary>Every file a run may hold, for <c>--overwrite</c> and for cleaning up a run that failed before its first checkpoint.</summary>
    public static IReadOnlyList<string> All { get; } = [Progress, Episodes, Evaluations, RewardCurve, Config, Checkpoint, BestCheckpoint];

    /// <summary>The logs whose rows start with the env step, cut back to the checkpoint's step on <c>--resume</c>.</summary>
    public static IReadOnlyList<string> StepLogs { get; } = [Progress, Episodes, Evaluations];
}
