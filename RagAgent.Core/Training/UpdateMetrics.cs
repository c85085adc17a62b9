using System.Globalization;

namespace RagAgent.Core.Training;

/// <summary>
/// What one training update reports: progress, episode statistics over the recent window and the update's losses.
/// The first twelve fields are the columns of <c>progress.csv</c>; <see cref="CsvHeader"/> and
/// <see cref="ToCsvRow"/> write them in that order.
/// </summary>
/// <param name="Update">1-based index of the update.</param>
/// <param name="Step">Env steps so far, summed over the envs (<c>global_step</c>).</param>
/// <param name="Episodes">Episodes finished so far.</param>
/// <param name="MeanReturn">Mean return of the last finished episodes (window of <c>StatsWindowSize</c>); NaN before the first.</param>
/// <param name="MeanLength">Mean length of those episodes; NaN before the first.</param>
/// <param name="SuccessRate">Fraction of those episodes that reached their goal; NaN before the first.</param>
/// <param name="PolicyLoss">Policy (surrogate) loss.</param>
/// <param name="ValueLoss">Value loss.</param>
/// <param name="Entropy">Mean policy entropy.</param>
/// <param name="ApproxKl">Approximate KL between the old and the new policy.</param>
/// <param name="ClipFraction">Fraction of clipped ratios.</param>
/// <param name="Sps">Env steps per second since training started.</param>
/// <param name="WallSeconds">Wall-clock seconds since training started.</param>
/// <param name="ExplainedVariance">Explained variance of the value function on the rollout.</param>
/// <param name="LearningRate">Learning rate used by the update.</param>
public readonly record struct UpdateMetrics(
    int Update,
    long Step,
    long Episodes,
    float MeanReturn,
    float MeanLength,
    float SuccessRate,
    float PolicyLoss,
    float ValueLoss,
    float Entropy,
    float ApproxKl,
    float ClipFraction,
    double Sps,
    double WallSeconds,
    float ExplainedVariance,
    float LearningRate)
{
    /// <summary>Header line of <c>progress.csv</c>.</summary>
    public const string CsvHeader =
        "step,episodes,mean_return,mean_length,success_rate,policy_loss,value_loss,entropy,approx_kl,clip_fraction,sps,wall_s,explained_variance,learning_rate";

    /// <summary>This update as one <c>progress.csv</c> line (invariant culture, no trailing newline).</summary>
    public string ToCsvRow() => string.Join(
        ',',
        Step.ToString(CultureInfo.InvariantCulture),
        Episodes.ToString(CultureInfo.InvariantCulture),
        F(MeanReturn),
        F(MeanLength),
        F(SuccessRate),
        F(PolicyLoss),
        F(ValueLoss),
        F(Entropy),
        F(ApproxKl),
        F(ClipFraction),
        Sps.ToString("F1", CultureInfo.InvariantCulture),
        WallSeconds.ToString("F3", CultureInfo.InvariantCulture),
        F(ExplainedVariance),
        F(LearningRate));

    /// <summary>Writes every metric to <paramref name="sink"/> at <see cref="Step"/>, keyed like CleanRL.</summary>
    public void WriteTo(IMetricSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Write("charts/episodes", Episodes, Step);
        if (!float.IsNaN(MeanReturn))
        {
            sink.Write("charts/mean_return", MeanReturn, Step);
            sink.Write("charts/mean_length", MeanLength, Step);
            sink.Write("charts/success_rate", SuccessRate, Step);
        }

        sink.Write("charts/learning_rate", LearningRate, Step);
        sink.Write("charts/SPS", Sps, Step);
        sink.Write("losses/policy_loss", PolicyLoss, Step);
        sink.Write("losses/value_loss", ValueLoss, Step);
        sink.Write("losses/entropy", Entropy, Step);
        sink.Write("losses/approx_kl", ApproxKl, Step);
        sink.Write("losses/clipfrac", ClipFraction, Step);
        sink.Write("losses/explained_variance", ExplainedVariance, Step);
    }

    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
