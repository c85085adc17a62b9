using System.Globalization;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Training;

/// <summary>
/// Evaluation during training (<c>--eval-every N --eval-episodes K</c>, SB3's EvalCallback): at the first update at
/// or past each multiple of N env steps, runs K episodes of the policy on a separate env, appends a row to
/// <c>eval.csv</c> (<c>step,episodes,mean_return,std_return,mean_length,success_rate</c>) and saves the checkpoint
/// as <c>best.safetensors</c> when the mean return is the best so far.
/// </summary>
internal sealed class EvalLogCallback : ITrainingCallback, IDisposable
{
    /// <summary>The header of <c>eval.csv</c>.</summary>
    public const string Header = "step,episodes,mean_return,std_return,mean_length,success_rate";

    private readonly IEnv _env;
    private readonly EvaluationCallback _evaluation;
    private readonly CsvAppender _csv;
    private readonly string _bestPath;
    private readonly SuccessNotion _success;
    private ITrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="env">The evaluation env (not one of the training copies); disposed with the callback when disposable.</param>
    /// <param name="everySteps">Period in env steps.</param>
    /// <param name="episodes">Episodes per evaluation.</param>
    /// <param name="directory">The run directory (<c>eval.csv</c>, <c>best.safetensors</c>).</param>
    /// <param name="success">Whether success means something for the env.</param>
    public EvalLogCallback(IEnv env, long everySteps, int episodes, string directory, SuccessNotion success)
    {
        _env = env;
        _evaluation = new EvaluationCallback(env, everySteps, episodes, deterministic: true, seed: 0, evaluated: Log);
        _success = success;
        _bestPath = Path.Combine(directory, RunFiles.BestCheckpoint);
        string csvPath = Path.Combine(directory, RunFiles.Evaluations);
        BestMeanReturn = BestSoFar(csvPath);
        _csv = new CsvAppender(csvPath, Header);
    }

    /// <summary>Period in env steps.</summary>
    public long EverySteps => _evaluation.EverySteps;

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes => _evaluation.Episodes;

    /// <summary>Best evaluation mean return so far (over resumes); negative infinity before the first.</summary>
    public double BestMeanReturn { get; private set; }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
        _session = session;
        _evaluation.OnTrainingStart(session);
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics) => _evaluation.OnUpdate(metrics);

    /// <inheritdoc />
    public void Dispose()
    {
        _csv.Dispose();
        (_env as IDisposable)?.Dispose();
    }

    private void Log(EvaluationPoint point)
    {
        EvaluationResult result = point.Result;
        double successRate = result.SuccessRate is double rate && (_success.IsDefined || rate > 0) ? rate : double.NaN;
        _csv.WriteLine(string.Join(
            ',',
            point.Step.ToString(CultureInfo.InvariantCulture),
            result.Episodes.ToString(CultureInfo.InvariantCulture),
            Number(result.MeanReturn),
            Number(result.StdReturn),
            Number(result.MeanLength),
            Number(successRate)));
        _csv.Flush();
        if (result.MeanReturn > BestMeanReturn)
        {
            BestMeanReturn = result.MeanReturn;
            CheckpointFile.Save(_bestPath, _session!.CreateCheckpoint());
        }
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("G7", CultureInfo.InvariantCulture) : string.Empty;

    private static double BestSoFar(string csvPath) =>
        File.Exists(csvPath)
            ? File.ReadLines(csvPath).Skip(1)
                .Select(line => line.Split(','))
                .Where(fields => fields.Length > 2)
                .Select(fields => double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NegativeInfinity)
                .DefaultIfEmpty(double.NegativeInfinity)
                .Max()
            : double.NegativeInfinity;
}
