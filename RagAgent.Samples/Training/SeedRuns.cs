using System.Globalization;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Plotting;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Training;

/// <summary>
/// <c>train --seeds 1-5</c>: one run per seed into <c>DIR/seed-N/</c>, run in parallel on the machine's cores (one
/// run per core; each run steps its envs on one thread, so each is as deterministic as a run of its own), then the
/// reward curves of all seeds as one chart, <c>DIR/reward.svg</c> (mean with a min–max band).
/// </summary>
internal static class SeedRuns
{
    /// <summary>Starts one new run of <paramref name="config"/> per seed; returns the worst exit code (failure over signal over success).</summary>
    /// <param name="config">The settings shared by every seed.</param>
    /// <param name="seeds">The seeds.</param>
    /// <param name="directory">Parent directory of the <c>seed-N</c> runs.</param>
    /// <param name="registry">Where the env comes from.</param>
    /// <param name="context">Output and cancellation.</param>
    public static int Execute(RunConfig config, IReadOnlyList<int> seeds, string directory, EnvRegistry registry, CliContext context) =>
        Execute([.. seeds.Select(seed => new SeedJob(config with { Seed = seed }, SeedDirectory(directory, seed), Resume: false))], directory, registry, context);

    /// <summary>Runs <paramref name="jobs"/> (new or resumed seeds), as many at once as there are cores; returns the worst exit code.</summary>
    /// <param name="jobs">One run per seed.</param>
    /// <param name="directory">Parent directory of the <c>seed-N</c> runs.</param>
    /// <param name="registry">Where the env comes from.</param>
    /// <param name="context">Output and cancellation.</param>
    public static int Execute(IReadOnlyList<SeedJob> jobs, string directory, EnvRegistry registry, CliContext context)
    {
        int parallel = Math.Max(1, Math.Min(jobs.Count, Environment.ProcessorCount));
        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(jobs.Any(j => j.Resume) ? "resuming" : "training")} {jobs[0].Config.Env} with seeds {string.Join(',', jobs.Select(j => j.Config.Seed))}, {parallel} at a time, in {directory}"));
        var gate = new Lock();
        var exitCodes = new int[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"seed {jobs[i].Config.Seed}: ");
            using var output = new PrefixedWriter(context.Out, prefix, gate);
            using var error = new PrefixedWriter(context.Error, prefix, gate);
            var seedContext = context with { Out = output, Error = error, Interactive = false };
            exitCodes[i] = RunOne(jobs[i], registry, seedContext);
        });

        IReadOnlyList<RunSummary> finished = [.. Directory.EnumerateDirectories(directory, "seed-*").Order(StringComparer.Ordinal)
            .Where(run => File.Exists(Path.Combine(run, RunFiles.Progress)))
            .Select(RunSummary.Load)];
        if (finished.Count > 0)
        {
            string chart = Path.Combine(directory, RunFiles.RewardCurve);
            FigureRenderer.WriteFile(RunFigure.Build(finished, new PlotOptions()), chart);
            context.Out.WriteLine($"all seeds: {chart}");
        }

        return exitCodes.Contains(ExitCodes.Failure) ? ExitCodes.Failure : exitCodes.Max();
    }

    /// <summary>The run directory of <paramref name="seed"/>: <c>DIR/seed-N</c>.</summary>
    public static string SeedDirectory(string directory, int seed) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"seed-{seed}"));

    private static int RunOne(SeedJob job, EnvRegistry registry, CliContext context)
    {
        try
        {
            return TrainingRun.Execute(job.Config, job.Directory, job.Resume, registry, context);
        }
        catch (Exception e)
        {
            // One seed failing does not stop the others: report it in one line, as for a single run.
            context.Error.WriteLine($"ragagent: error: {e.Message}");
            return e is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }
}

/// <summary>One seed's run for <see cref="SeedRuns"/>.</summary>
/// <param name="Config">The run's settings (its seed included).</param>
/// <param name="Directory">The run directory, <c>DIR/seed-N</c>.</param>
/// <param name="Resume">Continue the run's checkpoint instead of starting fresh.</param>
internal sealed record SeedJob(RunConfig Config, string Directory, bool Resume);
