using System.Globalization;
using RagAgent.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RagAgent.Samples.Training;

/// <summary>
/// The terminal progress display (Spectre.Console): <c>env ━━━━── 42% 8.4k/20k 1.5k steps/s return 0.586 0:05</c>,
/// redrawn after every update, narrow enough for an 80-column terminal.
/// </summary>
internal sealed class LiveTrainingProgress : ITrainingProgress
{
    private const string StepKey = "step";
    private const string SpsKey = "sps";
    private const string ReturnKey = "return";
    private readonly ProgressTask _task;
    private readonly long _totalSteps;

    private LiveTrainingProgress(ProgressTask task, long totalSteps)
    {
        _task = task;
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
                new ProgressBarColumn { Width = 20 },
                new PercentageColumn(),
                new StatsColumn(totalSteps),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask($"[bold]{Markup.Escape(env)}[/]", maxValue: totalSteps);
                task.Value = startStep;
                task.State.Update<double>(StepKey, _ => startStep);
                task.State.Update<double>(ReturnKey, _ => double.NaN);
                return work(new LiveTrainingProgress(task, totalSteps));
            });
    }

    /// <inheritdoc />
    public void Report(UpdateMetrics metrics)
    {
        _task.State.Update<double>(StepKey, _ => metrics.Step);
        _task.State.Update<double>(SpsKey, _ => metrics.Sps);
        _task.State.Update<double>(ReturnKey, _ => metrics.MeanReturn);
        _task.Value = Math.Min(metrics.Step, _totalSteps);
    }

    private static string Compact(double value) => value switch
    {
        >= 1_000_000 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>Steps done of total, steps per second and the mean return of the recent episodes.</summary>
    private sealed class StatsColumn(long totalSteps) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            double meanReturn = task.State.Get<double>(ReturnKey);
            string returnText = double.IsFinite(meanReturn) ? meanReturn.ToString("0.000", CultureInfo.InvariantCulture) : "-";
            return new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"{Compact(task.State.Get<double>(StepKey))}/{Compact(totalSteps)} [grey]{Compact(task.State.Get<double>(SpsKey))} steps/s[/] return [bold]{returnText}[/]"));
        }
    }
}
