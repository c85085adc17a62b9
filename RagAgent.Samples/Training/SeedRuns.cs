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
    /// <summary>Runs <paramref name="config"/> once per seed and returns the worst exit code (failure over signal over success).</summary>
    /// <param name="config">The settings shared by every seed.</param>
    /// <param name="seeds">The seeds.</param>
    /// <param name="directory">Parent directory of the <c>seed-N</c> runs.</param>
    /// <param name="registry">Where the env comes from.</param>
    /// <param name="context">Output and cancellation.</param>
    /// <param name="maxParallel">Runs at once; defaults to the processor count.</param>
    public static int Execute(RunConfig config, IReadOnlyList<int> seeds, string directory, EnvRegistry registry, CliContext context, int? maxParallel = null)
    {
        int parallel = Math.Max(1, Math.Min(seeds.Count, maxParallel ?? Environment.ProcessorCount));
        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"training {config.Env} with seeds {string.Join(',', seeds)}, {parallel} at a time, into {directory}/seed-N"));
        var gate = new Lock();
        var exitCodes = new int[seeds.Count];
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"seed {seeds[i]}: ");
            using var output = new PrefixedWriter(context.Out, prefix, gate);
            using var error = new PrefixedWriter(context.Error, prefix, gate);
            var seedContext = context with { Out = output, Error = error, Interactive = false };
            exitCodes[i] = RunOne(config with { Seed = seeds[i] }, SeedDirectory(directory, seeds[i]), registry, seedContext);
        });

        IReadOnlyList<RunSummary> finished = [.. seeds.Select(seed => SeedDirectory(directory, seed))
            .Where(run => File.Exists(Path.Combine(run, RunFiles.Progress)))
            .Select(RunSummary.Load)];
        if (finished.Count > 0)
        {
            string chart = Path.Combine(directory, RunFiles.RewardCurve);
            SvgLineChartRenderer.WriteFile(RunChart.Build(finished), chart);
            context.Out.WriteLine($"all seeds: {chart}");
        }

        return exitCodes.Contains(ExitCodes.Failure) ? ExitCodes.Failure : exitCodes.Max();
    }

    /// <summary>The run directory of <paramref name="seed"/>: <c>DIR/seed-N</c>.</summary>
    public static string SeedDirectory(string directory, int seed) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"seed-{seed}"));

    private static int RunOne(RunConfig config, string directory, EnvRegistry registry, CliContext context)
    {
        try
        {
            return TrainingRun.Execute(config, directory, resume: false, registry, context);
        }
        catch (Exception e)
        {
            // One seed failing does not stop the others: report it in one line, as for a single run.
            context.Error.WriteLine($"ragagent: error: {e.Message}");
            return e is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }
}
