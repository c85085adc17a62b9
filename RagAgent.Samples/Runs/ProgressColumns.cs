namespace RagAgent.Samples.Runs;

/// <summary>
/// The value columns of <c>progress.csv</c> (every column but <c>step</c>) with what <c>plot</c> and the TensorBoard
/// log need about them: an axis label, a TensorBoard tag (grouped as <c>rollout/</c>, <c>train/</c> and <c>time/</c>)
/// and how to read the value from a <see cref="ProgressRow"/>.
/// </summary>
internal static class ProgressColumns
{
    /// <summary>Every value column, in the order of <see cref="ProgressCsv.Columns"/>.</summary>
    public static IReadOnlyList<ProgressColumn> All { get; } =
    [
        new("episodes", "finished episodes", "rollout/episodes", r => r.Episodes),
        new("mean_return", "episode return", "rollout/mean_return", r => r.MeanReturn),
        new("mean_length", "episode length", "rollout/mean_length", r => r.MeanLength),
        new("success_rate", "success rate", "rollout/success_rate", r => r.SuccessRate),
        new("policy_loss", "policy loss", "train/policy_loss", r => r.PolicyLoss),
        new("value_loss", "value loss", "train/value_loss", r => r.ValueLoss),
        new("entropy", "entropy", "train/entropy", r => r.Entropy),
        new("approx_kl", "approximate KL", "train/approx_kl", r => r.ApproxKl),
        new("clip_fraction", "clip fraction", "train/clip_fraction", r => r.ClipFraction),
        new("sps", "env steps per second", "time/sps", r => r.Sps),
        new("wall_s", "wall time (s)", "time/wall_s", r => r.WallSeconds),
        new("explained_variance", "explained variance", "train/explained_variance", r => r.ExplainedVariance),
        new("learning_rate", "learning rate", "train/learning_rate", r => r.LearningRate),
    ];

    /// <summary>The column named <paramref name="name"/> (a <c>progress.csv</c> header name), or null.</summary>
    public static ProgressColumn? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}

/// <summary>One value column of <c>progress.csv</c>.</summary>
/// <param name="Name">Header name in <c>progress.csv</c>.</param>
/// <param name="Label">Axis label for plots.</param>
/// <param name="Tag">TensorBoard tag.</param>
/// <param name="Value">Reads the column from a row (NaN when missing).</param>
internal sealed record ProgressColumn(string Name, string Label, string Tag, Func<ProgressRow, double> Value);
