using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;

namespace RagAgent.Core.Training;

/// <summary>
/// Evaluates the policy on its own env every <see cref="EverySteps"/> env steps (at the first update at or past
/// each multiple) and keeps the results; optionally writes them to a sink as <c>eval/mean_return</c> and friends
/// (<c>eval/success_rate</c> only when the env has a notion of success) and hands each one to a handler (SB3's
/// <c>callback_after_eval</c>: logging, keeping the best checkpoint).
/// </summary>
public sealed class EvaluationCallback : ITrainingCallback
{
    private readonly IEnv _env;
    private readonly IMetricSink? _sink;
    private readonly Action<EvaluationPoint>? _evaluated;
    private readonly List<EvaluationPoint> _results = [];
    private ITrainingSession? _session;
    private Evaluator? _evaluator;
    private long _nextStep;

    /// <summary>Creates the callback.</summary>
    /// <param name="env">A separate env instance for evaluation (not one of the training copies).</param>
    /// <param name="everySteps">Evaluation period in env steps.</param>
    /// <param name="episodes">Episodes per evaluation.</param>
    /// <param name="deterministic">Use the policy's mode instead of sampling.</param>
    /// <param name="seed">Seed of every evaluation (the same episodes each time).</param>
    /// <param name="sink">Optional sink for the results.</param>
    /// <param name="evaluated">Optional handler called with each result, after the sink.</param>
    public EvaluationCallback(
        IEnv env, long everySteps, int episodes = 10, bool deterministic = true, int seed = 1_000_000, IMetricSink? sink = null, Action<EvaluationPoint>? evaluated = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        _env = env;
        EverySteps = everySteps;
        Episodes = episodes;
        Deterministic = deterministic;
        Seed = seed;
        _sink = sink;
        _evaluated = evaluated;
    }

    /// <summary>Evaluation period in env steps.</summary>
    public long EverySteps { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>Whether actions are the mode.</summary>
    public bool Deterministic { get; }

    /// <summary>Seed of each evaluation.</summary>
    public int Seed { get; }

    /// <summary>Every evaluation so far, in order.</summary>
    public IReadOnlyList<EvaluationPoint> Results => _results;

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
        if (_evaluator is null || _session is null)
        {
            throw new InvalidOperationException("EvaluationCallback.OnUpdate was called before OnTrainingStart.");
        }

        if (metrics.Step < _nextStep)
        {
            return true;
        }

        _nextStep = ((metrics.Step / EverySteps) + 1) * EverySteps;
        EvaluationResult result = _evaluator.Evaluate(_env, Episodes, Deterministic, Seed);
        var point = new EvaluationPoint(metrics.Step, result);
        _results.Add(point);
        if (_sink is not null)
        {
            _sink.Write("eval/mean_return", result.MeanReturn, metrics.Step);
            _sink.Write("eval/std_return", result.StdReturn, metrics.Step);
            _sink.Write("eval/mean_length", result.MeanLength, metrics.Step);
            if (result.SuccessRate is double successRate)
            {
                _sink.Write("eval/success_rate", successRate, metrics.Step);
            }
        }

        _evaluated?.Invoke(point);
        return true;
    }
}

/// <summary>An evaluation and the env step it was taken at.</summary>
/// <param name="Step">Env steps of training before the evaluation.</param>
/// <param name="Result">The evaluation.</param>
public readonly record struct EvaluationPoint(long Step, EvaluationResult Result);
