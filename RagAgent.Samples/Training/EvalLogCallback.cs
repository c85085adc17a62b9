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
    private readonly CsvAppender _csv;
    private readonly string _bestPath;
    private readonly SuccessNotion _success;
    private ITrainingSession? _session;
    private Evaluator? _evaluator;
    private long _nextStep;

    /// <summary>Creates the callback.</summary>
    /// <param name="env">The evaluation env (not one of the training copies); disposed with the callback when disposable.</param>
    /// <param name="everySteps">Period in env steps.</param>
    /// <param name="episodes">Episodes per evaluation.</param>
    /// <param name="directory">The run directory (<c>eval.csv</c>, <c>best.safetensors</c>).</param>
    /// <param name="success">Whether success means something for the env.</param>
    public EvalLogCallback(IEnv env, long everySteps, int episodes, string directory, SuccessNotion success)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        _env = env;
        EverySteps = everySteps;
        Episodes = episodes;
        _success = success;
        _bestPath = Path.Combine(directory, RunFiles.BestCheckpoint);
        string csvPath = Path.Combine(directory, RunFiles.Evaluations);
        BestMeanReturn = BestSoFar(csvPath);
        _csv = new CsvAppender(csvPath, Header);
    }

    /// <summary>Period in env steps.</summary>
    public long EverySteps { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>Best evaluation mean return so far (over resumes); negative infinity before the first.</summary>
    public double BestMeanReturn { get; private set; }

    /// <inheritdoc />
    public void OnTrainingStart(ITrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _evaluator = new Evaluator(session.Policy);
        _nextStep = ((session.GlobalStep / EverySteps) + 1) * EverySteps;
    }

    /// <inheritdoc />
    public bool OnUpdate(UpdateMetrics metrics)
    {
        if (_session is null || _evaluator is null)
        {
            throw new InvalidOperationException("EvalLogCallback.OnUpdate was called before OnTrainingStart.");
        }

        if (metrics.Step < _nextStep)
        {
            return true;
        }

        _nextStep = ((metrics.Step / EverySteps) + 1) * EverySteps;
        EvaluationResult result = _evaluator.Evaluate(_env, Episodes);
        double successRate = result.SuccessRate is double rate && (_success.IsDefined || rate > 0) ? rate : double.NaN;
        _csv.WriteLine(string.Join(
            ',',
            metrics.Step.ToString(CultureInfo.InvariantCulture),
            result.Episodes.ToString(CultureInfo.InvariantCulture),
            Number(result.MeanReturn),
            Number(result.StdReturn),
            Number(result.MeanLength),
            Number(successRate)));
        _csv.Flush();
        if (result.MeanReturn > BestMeanReturn)
        {
            BestMeanReturn = result.MeanReturn;
            CheckpointFile.Save(_bestPath, _session.CreateCheckpoint());
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _csv.Dispose();
        (_env as IDisposable)?.Dispose();
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
