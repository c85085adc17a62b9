using System.Globalization;
using RagAgent.Core.Training;
using Spectre.Console;

namespace RagAgent.Samples.Training;

/// <summary>
/// The terminal progress display: a Spectre.Console bar with percent and ETA, and a description line with steps,
/// steps/s, mean return and success rate, redrawn after every update.
/// </summary>
internal sealed class LiveTrainingProgress : ITrainingProgress
{
    private readonly ProgressTask _task;
    private readonly string _env;
    private readonly long _totalSteps;

    private LiveTrainingProgress(ProgressTask task, string env, long totalSteps)
    {
        _task = task;
        _env = env;
        _totalSteps = totalSteps;
    }

    /// <summary>Runs <paramref name="work"/> under a live progress display written to <paramref name="output"/>.</summary>
    public static T Run<T>(TextWriter output, string env, long totalSteps, long startStep, Func<ITrainingProgress, T> work)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Description(env, startStep, totalSteps, 0, float.NaN, float.NaN), maxValue: totalSteps);
                task.Value = startStep;
                return work(new LiveTrainingProgress(task, env, totalSteps));
            });
    }

    /// <inheritdoc />
    public void Report(UpdateMetrics metrics)
    {
        _task.Value = Math.Min(metrics.Step, _totalSteps);
        _task.Description = Description(_env, metrics.Step, _totalSteps, metrics.Sps, metrics.MeanReturn, metrics.SuccessRate);
    }

    private static string Description(string env, long step, long totalSteps, double sps, float meanReturn, float successRate)
    {
        string returnText = float.IsFinite(meanReturn) ? meanReturn.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        string successText = float.IsFinite(successRate) ? successRate.ToString("0%", CultureInfo.InvariantCulture) : "-";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(env)}[/] {Compact(step)}/{Compact(totalSteps)} steps  [grey]{sps:0} steps/s[/]  return [bold]{returnText}[/]  success {successText}");
    }

    private static string Compact(long value) => value switch
    {
        >= 1_000_000 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
