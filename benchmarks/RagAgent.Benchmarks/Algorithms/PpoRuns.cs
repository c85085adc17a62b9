using System.Globalization;
using RagAgent.Core.Algorithms;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>
/// Whole PPO training runs (not BenchmarkDotNet): learning curves on CartPole across seeds, and end-to-end env steps
/// per second on any registered env with a breakdown of where the time goes.
/// </summary>
public static class PpoRuns
{
    /// <summary>
    /// <c>ppo-curve PRESET SEEDS STEPS [THRESHOLD] [WINDOW]</c>: per seed, the first env step at which the mean return of
    /// the last WINDOW episodes reaches THRESHOLD (default 475 over 20). <c>ppo-sps PRESET STEPS [SEED] [ENV]</c>: env
    /// steps per second of a training run on ENV (default cartpole; the architecture the env's spec implies) and its
    /// time breakdown.
    /// </summary>
    public static void Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string preset = args.Length > 1 ? args[1] : "default";
        if (args[0] == "ppo-curve")
        {
            int seeds = args.Length > 2 ? Int(args[2]) : 5;
            long steps = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 200_000;
            float threshold = args.Length > 4 ? float.Parse(args[4], CultureInfo.InvariantCulture) : 475f;
            int window = args.Length > 5 ? Int(args[5]) : 20;
            Curve(preset, seeds, steps, threshold, window);
        }
        else
        {
            long steps = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
            int seed = args.Length > 3 ? Int(args[3]) : 0;
            string env = args.Length > 4 ? args[4] : "cartpole";
            Sps(preset, steps, seed, env);
        }
    }

    private static PpoTrainer CreateTrainer(PpoOptions options, int seed, string env = "cartpole")
    {
        IVectorEnv envs = EnvRegistry.CreateDefault().MakeVector(env, options.NumEnvs);
        var policyOptions = new PolicyOptions();
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, seed);
        return new PpoTrainer(policy, envs, options, seed);
    }

    private static void Curve(string preset, int seeds, long steps, float threshold, int window)
    {
        PpoOptions options = PpoPresets.Get(preset) with { StatsWindowSize = window };
        Console.WriteLine($"PPO {preset} on cartpole, {steps} steps, threshold: mean return of last {window} episodes >= {threshold}");
        Console.WriteLine("| seed | reached | first step | episodes | final mean return | wall s | steps/s |");
        Console.WriteLine("| ---: | :---: | ---: | ---: | ---: | ---: | ---: |");
        int reached = 0;
        var firstSteps = new List<long>();
        for (int seed = 0; seed < seeds; seed++)
        {
            PpoTrainer trainer = CreateTrainer(options, seed);
            var stop = new StopOnMeanReturnCallback(threshold, minEpisodes: window);
            UpdateMetrics last = trainer.Learn(steps, [stop]) ?? throw new InvalidOperationException("no update ran");
            bool ok = stop.ReachedAtStep is not null;
            reached += ok ? 1 : 0;
            if (ok)
            {
                firstSteps.Add(stop.ReachedAtStep!.Value);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {seed} | {(ok ? "yes" : "no")} | {(ok ? stop.ReachedAtStep : "-")} | {last.Episodes} | {last.MeanReturn:F1} | {last.WallSeconds:F1} | {last.Sps:F0} |"));
        }

        string median = firstSteps.Count > 0 ? firstSteps.Order().ElementAt(firstSteps.Count / 2).ToString(CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"reached {reached}/{seeds}; median first step among those reached: {median}");
    }

    private static void Sps(string preset, long steps, int seed, string env)
    {
        PpoOptions options = PpoPresets.Get(preset);
        PpoTrainer trainer = CreateTrainer(options, seed, env);
        trainer.Learn(Math.Min(steps, 4L * options.BatchSize)); // warm-up (JIT)
        RolloutTimings before = trainer.Timings;
        long startStep = trainer.GlobalStep;
        TimeSpan cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        trainer.Learn(startStep + steps);
        double seconds = watch.Elapsed.TotalSeconds;
        double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        RolloutTimings t = trainer.Timings;
        long done = trainer.GlobalStep - startStep;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PPO {preset} on {env}, seed {seed}: {done} env steps in {seconds:F2} s = {done / seconds:F0} steps/s (one thread)"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"process CPU time {cpu:F2} s = {done / cpu:F0} steps per CPU-second (wall clock counts time the shared machine gave to others)"));
        Console.WriteLine("| part | seconds | share |");
        Console.WriteLine("| --- | ---: | ---: |");
        Row("env step", t.EnvStep - before.EnvStep);
        Row("forward (rollout)", t.Forward - before.Forward);
        Row("sampling", t.Sampling - before.Sampling);
        Row("storage + bookkeeping", t.Storage - before.Storage);
        Row("GAE", t.Gae - before.Gae);
        Row("update (forward + backward + Adam)", t.Update - before.Update);
        Row("other (callbacks, metrics, timers)", seconds - (t.Total - before.Total));

        void Row(string name, double s) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s:F3} | {100 * s / seconds:F1}% |"));
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
