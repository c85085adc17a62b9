using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;
using RagAgent.Samples.TensorBoard;

namespace RagAgent.Samples.Training;

/// <summary>
/// One <c>ragagent train</c> run, in the order it happens: checkpoint check (resume) → envs → policy → trainer →
/// run directory → learn with the logs, periodic checkpoints and progress → checkpoint → reward curve.
/// </summary>
/// <remarks>
/// Nothing is written before the envs, the policy and the trainer are built, so a bad option leaves no files. Ctrl+C
/// and SIGTERM stop after the current update and save the checkpoint. On any other failure the last checkpoint
/// written stays (every file is replaced atomically); a new run that fails before its first checkpoint removes its
/// files again, so a plain re-run works.
/// </remarks>
internal static class TrainingRun
{
    /// <summary>Trains <paramref name="config"/> into <paramref name="directory"/> and returns the exit code.</summary>
    /// <param name="config">Everything about the run; written to <c>config.json</c> unless resuming (a new run first
    /// removes the files of a run already in <paramref name="directory"/>: the caller checked that --overwrite allows it).</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="resume">Continue the checkpoint in <paramref name="directory"/> instead of starting fresh.</param>
    /// <param name="registry">Where the env comes from.</param>
    /// <param name="context">Output and cancellation.</param>
    public static int Execute(RunConfig config, string directory, bool resume, EnvRegistry registry, CliContext context)
    {
        PpoOptions ppo = config.Ppo;
        long target = config.Steps / ppo.BatchSize * ppo.BatchSize;
        string checkpointPath = Path.Combine(directory, config.Checkpoint);
        string progressPath = Path.Combine(directory, RunFiles.Progress);
        CheckpointContent? saved = resume ? LoadUnfinished(checkpointPath, directory, config, target) : null;
        long startStep = saved?.Manifest.TrainingSteps ?? 0;

        using var envs = new EpisodeRecorder(MakeEnvs(registry, config, resume), startStep);
        IActorCritic policy = CreatePolicy(envs.Spec, config, saved);
        using IDisposable? nativePolicy = policy as IDisposable;
        if (!resume)
        {
            config = Resolved(config, envs.Spec, policy);
        }

        var trainer = new PpoTrainer(policy, envs, ppo, config.Seed);
        if (saved is CheckpointContent content)
        {
            Restore(trainer, content, checkpointPath);
        }

        bool created = !Directory.Exists(directory);
        var success = new SuccessNotion(envs.Spec);
        if (resume)
        {
            foreach (string log in RunFiles.StepLogs)
            {
                StepLog.KeepUpTo(Path.Combine(directory, log), startStep);
            }

            IReadOnlyList<ProgressRow> before = File.Exists(progressPath) ? ProgressCsv.Read(progressPath) : [];
            success = new SuccessNotion(envs.Spec, seen: before.Any(r => r.SuccessRate > 0));
            envs.WallOffset = before.Count > 0 ? before[^1].WallSeconds : 0;
        }
        else
        {
            Discard(directory, created: false);
            Directory.CreateDirectory(directory);
            config.Write(Path.Combine(directory, RunFiles.Config));
        }

        context.Out.WriteLine(Header(config, envs.Spec, policy, directory, resume, trainer.GlobalStep));
        if (config.EvalEvery > 0)
        {
            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"evaluating every {config.EvalEvery} steps over {config.EvalEpisodes} episodes on {(EvalGoals(config.EnvOptions.Goals) == GoalSplit.HeldOut ? "held-out" : "all")} goals (where the env has goals) into {Path.Combine(directory, RunFiles.Evaluations)}"));
        }

        if (target != config.Steps)
        {
            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"ragagent: note: --steps {config.Steps} is not a multiple of the {ppo.BatchSize} steps per update (--envs x --num-steps); training runs {target / ppo.BatchSize} updates = {target} steps."));
        }

        CheckpointCallback? periodic = config.CheckpointEvery > 0 ? new CheckpointCallback(checkpointPath, config.CheckpointEvery) : null;
        UpdateMetrics? last;
        try
        {
            using EvalLogCallback? evaluation = config.EvalEvery > 0
                ? new EvalLogCallback(MakeEvalEnv(registry, config), config.EvalEvery, config.EvalEpisodes, directory, success)
                : null;
            using TensorBoardLog? tensorboard = TensorBoardLog.Open(directory, config.TensorBoard, resume);
            ITrainingCallback[] extra = [.. new ITrainingCallback?[] { evaluation, periodic }.OfType<ITrainingCallback>()];
            last = Learn(trainer, envs, success, tensorboard, extra, config, directory, target, context);
            trainer.SaveCheckpoint(checkpointPath);
        }
        catch (Exception) when (!resume && periodic?.LastSaved is null)
        {
            Discard(directory, created);
            throw;
        }
        catch (Exception e) when (e is not UsageException)
        {
            throw new InvalidOperationException(
                $"{e.Message} The last checkpoint in {directory} is kept; continue with: {CommandName.Current()} train --out {CommandName.Quote(directory)} --resume",
                e);
        }

        string curvePath = Path.Combine(directory, RunFiles.RewardCurve);
        FigureFont.WarnIfNoneInstalled(context.Error);
        FigureRenderer.WriteFile(RunFigure.Build([RunSummary.Load(directory)], new PlotOptions()), curvePath);

        bool interrupted = context.Cancellation.IsCancellationRequested && trainer.GlobalStep < target;
        StopSignal signal = context.StopReason();
        context.Out.WriteLine(Footer(config, trainer.GlobalStep, last, directory, interrupted ? signal : null));
        return interrupted ? ExitCodes.Of(signal) : ExitCodes.Success;
    }

    private static UpdateMetrics? Learn(
        PpoTrainer trainer,
        EpisodeRecorder envs,
        SuccessNotion success,
        TensorBoardLog? tensorboard,
        IReadOnlyList<ITrainingCallback> extra,
        RunConfig config,
        string directory,
        long target,
        CliContext context)
    {
        using var progressCsv = new ProgressCsvWriter(Path.Combine(directory, RunFiles.Progress));
        using var episodesCsv = new EpisodeCsvWriter(Path.Combine(directory, RunFiles.Episodes), hasTasks: envs.Spec.NumTasks > 0);
        Func<ITrainingProgress, UpdateMetrics?> learn = progress =>
        {
            var log = new RunLogCallback(progressCsv, episodesCsv, envs, success, tensorboard, progress, context.Cancellation);

            // The log callback runs first, so a periodic checkpoint never holds an update missing from the logs.
            trainer.Learn(config.Steps, [log, .. extra], context.Cancellation);
            return log.Last;
        };
        return context.Interactive
            ? LiveTrainingProgress.Run(context.Out, config.Env, target, trainer.GlobalStep, learn)
            : learn(new PlainTrainingProgress(context.Out, config.Env, target, config.Ppo.BatchSize));
    }

    /// <summary>True when the checkpoint in <paramref name="directory"/> has trained the whole budget of <paramref name="config"/>.</summary>
    public static bool IsFinished(RunConfig config, string directory)
    {
        long target = config.Steps / config.Ppo.BatchSize * config.Ppo.BatchSize;
        try
        {
            return CheckpointFile.Load(Path.Combine(directory, config.Checkpoint)).Manifest.TrainingSteps >= target;
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--resume", $"'{Path.Combine(directory, config.Checkpoint)}' is not a valid checkpoint: {e.Message}", e);
        }
    }

    private static CheckpointContent LoadUnfinished(string checkpointPath, string directory, RunConfig config, long target)
    {
        CheckpointContent content;
        try
        {
            content = CheckpointFile.Load(checkpointPath);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--resume", $"'{checkpointPath}' is not a valid checkpoint: {e.Message}", e);
        }

        long step = content.Manifest.TrainingSteps;
        if (step >= target)
        {
            throw new UsageException(
                "--resume",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the run in '{directory}' is finished ({step} of {config.Steps} steps) and is left unchanged. Its learning rate has decayed to 0 over that budget, so it cannot be extended; to train longer, start a new run with a larger --steps."));
        }

        return content;
    }

    private static IVectorEnv MakeEnvs(EnvRegistry registry, RunConfig config, bool resume)
    {
        try
        {
            return registry.MakeVector(config.Env, config.Ppo.NumEnvs, config.EnvOptions, config.Parallel);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(resume ? "--resume" : "--env", $"cannot make '{config.Env}' with these options: {WithoutParameter(e)}", e);
        }
    }

    /// <summary>
    /// The env evaluations during training run on: a separate instance with the run's options, drawing goals held out
    /// from training when the run trains on the training goals (envs without goals ignore the split).
    /// </summary>
    private static IEnv MakeEvalEnv(EnvRegistry registry, RunConfig config) =>
        registry.Make(config.Env, config.EnvOptions with { Goals = EvalGoals(config.EnvOptions.Goals) });

    /// <summary>Held-out goals for a run on the training goals, else the run's own split.</summary>
    public static GoalSplit EvalGoals(GoalSplit training) => training == GoalSplit.Train ? GoalSplit.HeldOut : training;

    // A resumed run rebuilds the network its checkpoint records (the policy's resolved options), not config.json's.
    private static IActorCritic CreatePolicy(EnvSpec spec, RunConfig config, CheckpointContent? saved)
    {
        if (config.Engine == PolicyEngine.Torch)
        {
            return TorchEngine.CreatePolicy(spec, config, saved);
        }

        try
        {
            return saved is CheckpointContent checkpoint
                ? PolicyFactory.FromCheckpoint(checkpoint)
                : PolicyFactory.Create(spec, config.Policy, config.Seed);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new UsageException(saved is null ? "--architecture" : "--resume", e is ArgumentException a ? WithoutParameter(a) : e.Message, e);
        }
    }

    private static void Restore(PpoTrainer trainer, CheckpointContent content, string checkpointPath)
    {
        try
        {
            trainer.Restore(content);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--resume", $"'{checkpointPath}' cannot be resumed with this run's settings: {e.Message}", e);
        }
    }

    /// <summary>
    /// <paramref name="config"/> with the values the env and the policy factory resolved written in: the env's node
    /// count and step limit, the architecture <c>auto</c> chose. <c>config.json</c> then says what ran, and repeats it.
    /// </summary>
    private static RunConfig Resolved(RunConfig config, EnvSpec spec, IActorCritic policy) => config with
    {
        EnvOptions = config.EnvOptions with
        {
            MaxNodes = spec.MaxNodes > 0 ? spec.MaxNodes : config.EnvOptions.MaxNodes,
            MaxEpisodeSteps = spec.MaxEpisodeSteps ?? config.EnvOptions.MaxEpisodeSteps,
        },
        Policy = policy.Options,
    };

    internal static string WithoutParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);

    /// <summary>Removes the run files in <paramref name="directory"/> (and the directory when this run created it and it is empty).</summary>
    private static void Discard(string directory, bool created)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (string file in RunFiles.All)
        {
            File.Delete(Path.Combine(directory, file));
        }

        foreach (string events in Directory.EnumerateFiles(directory, TensorBoardLog.FilePrefix + "*"))
        {
            File.Delete(events);
        }

        if (created && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    private static string Header(RunConfig config, EnvSpec spec, IActorCritic policy, string directory, bool resume, long startStep) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{(resume ? "resuming" : "training")} {config.Env} (seed {config.Seed}, preset {config.Preset}) for {config.Steps} steps{(resume ? $" from step {startStep}" : string.Empty)}: "
            + $"{config.Ppo.NumEnvs} envs x {config.Ppo.NumSteps} steps per update, {EnumSpelling.Of(policy.Options.Architecture)} policy, "
            + $"{spec.NumActions} actions, writing to {directory}");

    private static string Footer(RunConfig config, long step, UpdateMetrics? last, string directory, StopSignal? stoppedBy)
    {
        string command = CommandName.Current();
        string result = last is UpdateMetrics m && float.IsFinite(m.MeanReturn)
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"mean return {m.MeanReturn:0.000}{(float.IsNaN(m.SuccessRate) ? string.Empty : $", success {m.SuccessRate:0.00}")} over the last {config.Ppo.StatsWindowSize} episodes")
            : "no finished episode yet";
        string stopped = stoppedBy is StopSignal signal
            ? $"stopped by {(signal == StopSignal.Terminate ? "SIGTERM" : "Ctrl+C")} at step {step.ToString(CultureInfo.InvariantCulture)}; the checkpoint is saved (resume with: {command} train --out {CommandName.Quote(directory)} --resume)"
            : $"done: {step.ToString(CultureInfo.InvariantCulture)} steps";
        IEnumerable<string> files = new[] { RunFiles.Progress, RunFiles.Episodes, RunFiles.RewardCurve, RunFiles.Config, config.Checkpoint }
            .Select(file => "  " + Path.Combine(directory, file) + "\n");
        return $"{stopped}; {result}\n{string.Concat(files)}next: {command} eval --checkpoint {CommandName.Quote(Path.Combine(directory, config.Checkpoint))}";
    }
}
