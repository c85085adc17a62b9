using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Training;

namespace RagAgent.Samples.Training;

/// <summary>
/// Progress as plain lines for logs and pipes (output not a terminal): one line each time training passes another
/// 5 % of its steps or 15 s after the previous line, and one for the last update.
/// </summary>
internal sealed class PlainTrainingProgress : ITrainingProgress
{
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(15);
    private readonly TextWriter _output;
    private readonly string _env;
    private readonly long _totalSteps;
    private readonly int _batchSize;
    private readonly bool _hasSuccess;
    private long _lastPercentBucket = -1;
    private long _lastLineTimestamp = Stopwatch.GetTimestamp();

    /// <summary>
    /// Creates the reporter for a run of <paramref name="totalSteps"/> steps on <paramref name="env"/>, <paramref name="batchSize"/>
    /// steps per update; the success rate is shown only when the env <paramref name="hasSuccess"/> (its spec's <c>HasSuccess</c>).
    /// </summary>
    public PlainTrainingProgress(TextWriter output, string env, long totalSteps, int batchSize, bool hasSuccess)
    {
        _hasSuccess = hasSuccess;
        _output = output;
        _env = env;
        _totalSteps = totalSteps;
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public void Report(UpdateMetrics metrics)
    {
        long bucket = metrics.Step * 20 / _totalSteps;
        bool last = metrics.Step + _batchSize > _totalSteps;
        if (bucket == _lastPercentBucket && !last && Stopwatch.GetElapsedTime(_lastLineTimestamp) < MaxSilence)
        {
            return;
        }

        _lastPercentBucket = bucket;
        _lastLineTimestamp = Stopwatch.GetTimestamp();
        _output.WriteLine(Line(_env, metrics, _totalSteps, _hasSuccess));
        _output.Flush();
    }

    /// <summary>One progress line: steps, percent, steps/s, mean return, success rate (when the env <paramref name="hasSuccess"/>) and ETA.</summary>
    public static string Line(string env, UpdateMetrics metrics, long totalSteps, bool hasSuccess)
    {
        string success = hasSuccess ? $"  success {Metric(metrics.SuccessRate, "0.00")}" : string.Empty;
        double percent = 100.0 * metrics.Step / totalSteps;
        double eta = metrics.Sps > 0 ? Math.Max(0, totalSteps - metrics.Step) / metrics.Sps : double.NaN;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{env}] step {metrics.Step}/{totalSteps} ({percent:0}%)  {metrics.Sps:0} steps/s  mean return {Metric(metrics.MeanReturn, "0.000")}{success}  eta {Duration(eta)}");
    }

    /// <summary><c>1:05</c>, <c>12:00:03</c>, or <c>-</c> when unknown.</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "-";
        }

        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
    }

    private static string Metric(float value, string format) =>
        float.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}
