using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;
using RagAgent.Samples.TensorBoard;

namespace RagAgent.Samples.Training;

/// <summary>
/// One <c>ragagent train</c> run, in the order it happens: envs → policy → trainer (restored when resuming) → learn
/// with the CSV and progress callback → checkpoint → reward curve. Stopping with Ctrl+C still saves the checkpoint
/// and the curve.
/// </summary>
internal static class TrainingRun
{
    /// <summary>Trains <paramref name="config"/> into <paramref name="directory"/> and returns the exit code.</summary>
    /// <param name="config">Everything about the run; written to <c>config.json</c> unless resuming.</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="resume">Continue the checkpoint in <paramref name="directory"/> instead of starting fresh.</param>
    /// <param name="registry">Where the env comes from.</param>
    /// <param name="context">Output and cancellation.</param>
    public static int Execute(RunConfig config, string directory, bool resume, EnvRegistry registry, CliContext context)
    {
        Directory.CreateDirectory(directory);
        string checkpointPath = Path.Combine(directory, config.Checkpoint);
        string progressPath = Path.Combine(directory, RunFiles.Progress);
        if (!resume)
        {
            config.Write(Path.Combine(directory, RunFiles.Config));
        }

        PpoOptions ppo = config.Ppo;
        using IVectorEnv envs = registry.MakeVector(config.Env, ppo.NumEnvs, config.EnvOptions, config.Parallel);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, config.Policy, config.Seed, Math.Max(ppo.NumEnvs, ppo.MinibatchSize));
        var trainer = new PpoTrainer(policy, envs, ppo, config.Seed, policyOptions: config.Policy);
        if (resume)
        {
            trainer.Restore(CheckpointFile.Load(checkpointPath));
        }

        context.Out.WriteLine(Header(config, envs, policy, directory, resume, trainer.GlobalStep));

        // PPO runs whole rollouts: the run ends at the last multiple of the batch size within the budget.
        long target = config.Steps / ppo.BatchSize * ppo.BatchSize;
        UpdateMetrics? last;
        using (var csv = new ProgressCsvWriter(progressPath))
        using (TensorBoardLog? tensorboard = TensorBoardLog.Open(directory, config.TensorBoard, resume))
        {
            Func<ITrainingProgress, UpdateMetrics?> learn = progress =>
                trainer.Learn(config.Steps, [new ProgressCallback(csv, progress, context.Cancellation), .. TensorBoardLog.AsCallbacks(tensorboard)], context.Cancellation);
            last = context.Interactive
                ? LiveTrainingProgress.Run(context.Out, config.Env, target, trainer.GlobalStep, learn)
                : learn(new PlainTrainingProgress(context.Out, config.Env, target, ppo.BatchSize));
        }

        trainer.SaveCheckpoint(checkpointPath);
        string curvePath = Path.Combine(directory, RunFiles.RewardCurve);
        FigureFont.WarnIfNoneInstalled(context.Error);
        FigureRenderer.WriteFile(RunFigure.Build([RunSummary.Load(directory)], new PlotOptions()), curvePath);

        bool interrupted = context.Cancellation.IsCancellationRequested && trainer.GlobalStep < target;
        context.Out.WriteLine(Footer(config, trainer, last, directory, interrupted));
        return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private static string Header(RunConfig config, IVectorEnv envs, IActorCritic policy, string directory, bool resume, long startStep) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{(resume ? "resuming" : "training")} {config.Env} (seed {config.Seed}, preset {config.Preset}) for {config.Steps} steps{(resume ? $" from step {startStep}" : string.Empty)}: "
            + $"{config.Ppo.NumEnvs} envs x {config.Ppo.NumSteps} steps per update, {policy.Architecture} policy, "
            + $"{envs.Spec.NumActions} actions, writing to {directory}");

    private static string Footer(RunConfig config, PpoTrainer trainer, UpdateMetrics? last, string directory, bool interrupted)
    {
        string result = last is UpdateMetrics m && float.IsFinite(m.MeanReturn)
            ? string.Create(CultureInfo.InvariantCulture, $"mean return {m.MeanReturn:0.000}, success {m.SuccessRate:0.00} over the last {config.Ppo.StatsWindowSize} episodes")
            : "no finished episode yet";
        string stopped = interrupted
            ? $"stopped by Ctrl+C at step {trainer.GlobalStep.ToString(CultureInfo.InvariantCulture)}; the checkpoint is saved (resume with: ragagent train --out {directory} --resume)"
            : $"done: {trainer.GlobalStep.ToString(CultureInfo.InvariantCulture)} steps";
        return $"{stopped}; {result}\n"
            + $"  {Path.Combine(directory, RunFiles.Progress)}\n  {Path.Combine(directory, RunFiles.RewardCurve)}\n  {Path.Combine(directory, RunFiles.Config)}\n  {Path.Combine(directory, config.Checkpoint)}\n"
            + $"next: ragagent eval --checkpoint {Path.Combine(directory, config.Checkpoint)}";
    }
}
