using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Training;

namespace RagAgent.Samples.Training;

/// <summary>
/// Progress as plain lines for logs and pipes (output not a terminal): one line each time training passes another
/// 5 % of its steps or 15 s after the previous line, and one for the last update. The ETA uses the recent rate.
/// </summary>
internal sealed class PlainTrainingProgress : ITrainingProgress
{
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(15);
    private readonly TextWriter _output;
    private readonly string _env;
    private readonly long _totalSteps;
    private readonly int _batchSize;
    private readonly RecentRate _rate = new();
    private long _lastPercentBucket = -1;
    private long _lastLineTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Creates the reporter for a run of <paramref name="totalSteps"/> steps on <paramref name="env"/>, <paramref name="batchSize"/> steps per update.</summary>
    public PlainTrainingProgress(TextWriter output, string env, long totalSteps, int batchSize)
    {
        _output = output;
        _env = env;
        _totalSteps = totalSteps;
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public void Report(UpdateMetrics metrics)
    {
        _rate.Add(metrics.Step, metrics.WallSeconds);
        long bucket = (long)(metrics.Step * 20.0 / _totalSteps);
        bool last = metrics.Step + _batchSize > _totalSteps;
        if (bucket == _lastPercentBucket && !last && Stopwatch.GetElapsedTime(_lastLineTimestamp) < MaxSilence)
        {
            return;
        }

        _lastPercentBucket = bucket;
        _lastLineTimestamp = Stopwatch.GetTimestamp();
        _output.WriteLine(Line(_env, metrics, _totalSteps, _rate.SecondsLeft(metrics.Step, _totalSteps)));
        _output.Flush();
    }

    /// <summary>
    /// One progress line: steps, percent, steps/s, mean return, success rate (left out when NaN: the env has no
    /// notion of success or no episode finished) and ETA.
    /// </summary>
    public static string Line(string env, UpdateMetrics metrics, long totalSteps, double etaSeconds)
    {
        double percent = 100.0 * metrics.Step / totalSteps;
        string success = float.IsNaN(metrics.SuccessRate) ? string.Empty : $"  success {ProgressText.Metric(metrics.SuccessRate, "0.00")}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{env}] step {metrics.Step}/{totalSteps} ({percent:0}%)  {metrics.Sps:0} steps/s  mean return {ProgressText.Metric(metrics.MeanReturn, "0.000")}{success}  eta {ProgressText.Duration(etaSeconds)}");
    }
}
