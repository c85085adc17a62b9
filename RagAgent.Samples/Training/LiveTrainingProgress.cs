using RagAgent.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RagAgent.Samples.Training;

/// <summary>
/// The terminal progress display (Spectre.Console): one <see cref="ProgressLine"/> redrawn after every update,
/// fitted to the terminal's width, with the ETA from the recent rate.
/// </summary>
internal sealed class LiveTrainingProgress : ITrainingProgress
{
    private readonly LineColumn _line;
    private readonly ProgressTask _task;
    private readonly long _totalSteps;
    private readonly RecentRate _rate = new();

    private LiveTrainingProgress(LineColumn line, ProgressTask task, long totalSteps)
    {
        _line = line;
        _task = task;
        _totalSteps = totalSteps;
    }

    /// <summary>Runs <paramref name="work"/> under a live progress display written to <paramref name="output"/>.</summary>
    /// <param name="output">Where the display goes.</param>
    /// <param name="env">Env id shown at the start of the line.</param>
    /// <param name="totalSteps">Steps of the run.</param>
    /// <param name="startStep">Steps already done (a resumed run).</param>
    /// <param name="work">The training, given the progress reporter.</param>
    /// <param name="width">Terminal width; detected when null.</param>
    public static T Run<T>(TextWriter output, string env, long totalSteps, long startStep, Func<ITrainingProgress, T> work, int? width = null)
    {
        // Only called when the output is a terminal: draw live even when the writer does not look like one.
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Yes,
        });
        if (width is int columns)
        {
            console.Profile.Width = columns;
        }

        var line = new LineColumn(env, startStep, totalSteps);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(line)
            .Start(context =>
            {
                ProgressTask task = context.AddTask(env, maxValue: totalSteps);
                task.Value = startStep;
                return work(new LiveTrainingProgress(line, task, totalSteps));
            });
    }

    /// <inheritdoc />
    public void Report(UpdateMetrics metrics)
    {
        _rate.Add(metrics.Step, metrics.WallSeconds);
        _line.Update(metrics.Step, _rate.StepsPerSecond, metrics.MeanReturn, _rate.SecondsLeft(metrics.Step, _totalSteps));
        _task.Value = Math.Min(metrics.Step, _totalSteps);
    }

    /// <summary>The whole line as one column, so Spectre never wraps it.</summary>
    private sealed class LineColumn(string env, long startStep, long totalSteps) : ProgressColumn
    {
        private readonly Lock _gate = new();
        private long _step = startStep;
        private double _sps = double.NaN;
        private double _meanReturn = double.NaN;
        private double _eta = double.NaN;

        protected override bool NoWrap => true;

        public void Update(long step, double sps, double meanReturn, double eta)
        {
            lock (_gate)
            {
                (_step, _sps, _meanReturn, _eta) = (step, sps, meanReturn, eta);
            }
        }

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            lock (_gate)
            {
                // One column less than the terminal: a line that fills the last column wraps on some terminals.
                string text = ProgressLine.Format(env, _step, totalSteps, _sps, _meanReturn, _eta, options.ConsoleSize.Width - 1);
                return new Text(text) { Overflow = Overflow.Crop };
            }
        }
    }
}
