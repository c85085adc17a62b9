using RagAgent.Core.Training;

namespace RagAgent.Samples.Runs;

/// <summary>
/// One row of <c>progress.csv</c>: the state of training after one PPO update. Episode statistics are over the
/// episodes that finished during that update's rollout; they are NaN when none finished.
/// </summary>
/// <param name="Step">Env steps so far, over all copies.</param>
/// <param name="Episodes">Episodes finished so far.</param>
/// <param name="MeanReturn">Mean episode return.</param>
/// <param name="MeanLength">Mean episode length.</param>
/// <param name="SuccessRate">Fraction of episodes that reached their goal.</param>
/// <param name="PolicyLoss">Clipped surrogate loss of the last epoch.</param>
/// <param name="ValueLoss">Value loss of the last epoch.</param>
/// <param name="Entropy">Mean policy entropy over allowed actions.</param>
/// <param name="ApproxKl">Approximate KL divergence between the old and new policy.</param>
/// <param name="ClipFraction">Fraction of samples whose ratio was clipped.</param>
/// <param name="Sps">Env steps per second since the start of this run.</param>
/// <param name="WallSeconds">Seconds since the start of this run.</param>
/// <param name="ExplainedVariance">Explained variance of the value function on the rollout (NaN when the file has no such column).</param>
/// <param name="LearningRate">Learning rate of the update (NaN when the file has no such column).</param>
internal readonly record struct ProgressRow(
    long Step,
    long Episodes,
    double MeanReturn,
    double MeanLength,
    double SuccessRate,
    double PolicyLoss,
    double ValueLoss,
    double Entropy,
    double ApproxKl,
    double ClipFraction,
    double Sps,
    double WallSeconds,
    double ExplainedVariance = double.NaN,
    double LearningRate = double.NaN)
{
    /// <summary>The row of one PPO update.</summary>
    public static ProgressRow From(UpdateMetrics metrics) => new(
        metrics.Step, metrics.Episodes, metrics.MeanReturn, metrics.MeanLength, metrics.SuccessRate, metrics.PolicyLoss,
        metrics.ValueLoss, metrics.Entropy, metrics.ApproxKl, metrics.ClipFraction, metrics.Sps, metrics.WallSeconds,
        metrics.ExplainedVariance, metrics.LearningRate);
}
