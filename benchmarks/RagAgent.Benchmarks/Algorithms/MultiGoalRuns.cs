using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>
/// PPO with the task-node policy on a multi-goal env: trains on the training goals, then evaluates the trained policy
/// on the training goals and on the held-out goals (deterministic and sampled) beside the random and greedy baselines.
/// </summary>
/// <remarks>
/// <c>multigoal ENV STEPS [--preset NAME] [--episodes N] [tuning flags] SEED...</c>; tuning flags override the
/// preset (<c>--envs --nsteps --lr --ent --epochs --minibatches --gamma --lambda --anneal-lr</c>), the policy
/// (<c>--hidden 128,128 --embed N --task-ids always|never|auto</c>), Adam (<c>--wd</c>), hide ids (<c>--features-only</c>, see
/// <see cref="FeaturesOnlyEnv"/>) or spread the env copies over K generated worlds (<c>--worlds K</c>). The preset defaults to the one named after the
/// env when <see cref="PpoPresets"/> has it, else <c>default</c>. Evaluation episode <c>k</c> is reset with seed
/// <c>k</c> (as in the baseline table), so every policy sees the same episodes; the world is the default one
/// (world seed 0). Prints one Markdown row per seed and goal split, then a summary row per split over the seeds.
/// </remarks>
public static class MultiGoalRuns
{
    /// <summary>Runs the command described in the remarks.</summary>
    public static void Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 4)
        {
            throw new ArgumentException("usage: multigoal ENV STEPS [--preset NAME] [--episodes N] SEED...", nameof(args));
        }

        string env = args[1];
        long steps = long.Parse(args[2], CultureInfo.InvariantCulture);
        string preset = PpoPresets.Names.Contains(env) ? env : "default";
        int episodes = 1000;
        var overrides = new List<(string Flag, string Value)>();
        var seeds = new List<int>();
        for (int i = 3; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--preset":
                    preset = args[++i];
                    break;
                case "--features-only":
                    overrides.Add((args[i], "true"));
                    break;
                case "--episodes":
                    episodes = Int(args[++i]);
                    break;
                case "--envs" or "--nsteps" or "--lr" or "--ent" or "--epochs" or "--minibatches" or "--gamma" or "--lambda"
                    or "--hidden" or "--embed" or "--task-ids" or "--wd" or "--anneal-lr" or "--worlds":
                    overrides.Add((args[i], args[++i]));
                    break;
                default:
                    seeds.Add(Int(args[i]));
                    break;
            }
        }

        Run(env, steps, preset, overrides, episodes, seeds);
    }

    private static void Run(string env, long steps, string preset, List<(string Flag, string Value)> overrides, int episodes, IReadOnlyList<int> seeds)
    {
        PpoOptions options = PpoPresets.Get(preset);
        var policyOptions = new PolicyOptions { Architecture = PolicyArchitecture.TaskNode };
        var adam = new OptimizerOptions();
        foreach ((string flag, string value) in overrides)
        {
            options = flag switch
            {
                "--envs" => options with { NumEnvs = Int(value) },
                "--nsteps" => options with { NumSteps = Int(value) },
                "--lr" => options with { LearningRate = Float(value) },
                "--ent" => options with { EntCoef = Float(value) },
                "--epochs" => options with { UpdateEpochs = Int(value) },
                "--minibatches" => options with { NumMinibatches = Int(value) },
                "--gamma" => options with { Gamma = Float(value) },
                "--lambda" => options with { GaeLambda = Float(value) },
                "--anneal-lr" => options with { AnnealLr = bool.Parse(value) },
                _ => options,
            };
            policyOptions = flag switch
            {
                "--hidden" => policyOptions with { HiddenSizes = [.. value.Split(',').Select(Int)] },
                "--embed" => policyOptions with { EmbeddingSize = Int(value) },
                "--task-ids" => policyOptions with { TaskIdEmbedding = Enum.Parse<IdEmbedding>(value, ignoreCase: true) },
                _ => policyOptions,
            };
            adam = flag == "--wd" ? adam with { WeightDecay = Float(value) } : adam;
        }

        int worlds = overrides.Where(o => o.Flag == "--worlds").Select(o => Int(o.Value)).DefaultIfEmpty(1).Last();
        options.Validate();
        string tuned = overrides.Count == 0 ? string.Empty : " with " + string.Join(' ', overrides.Select(o => $"{o.Flag} {o.Value}"));
        EnvRegistry registry = EnvRegistry.CreateDefault();
        EnvRegistry plain = registry;
        if (overrides.Any(o => o.Flag == "--features-only"))
        {
            registry = new EnvRegistry();
            registry.Register(env, $"{env} without task and node ids", o => new FeaturesOnlyEnv(plain.Make(env, o)));
        }

        GoalSplit[] splits = [GoalSplit.Train, GoalSplit.HeldOut];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"PPO ({preset}{tuned}: {options.NumEnvs} envs x {options.NumSteps} steps, lr {options.LearningRate}, ent {options.EntCoef}, epochs {options.UpdateEpochs}, minibatches {options.NumMinibatches}) + task-node {string.Join('-', policyOptions.HiddenSizes)}/E{policyOptions.EmbeddingSize}, task ids {policyOptions.TaskIdEmbedding} on {env}, {steps} steps per seed, {episodes} eval episodes per split"));
        Console.WriteLine("| env | goals | policy | seed | mean return | success (det) | return (sampled) | success (sampled) | mean length (det) | train wall s | steps/s |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (GoalSplit split in splits)
        {
            IEnv evalEnv = plain.Make(env, new EnvMakeOptions { Goals = split });
            var baselineOptions = new EvaluationOptions { Episodes = episodes, Seed = 0 };
            EvaluationResult random = EpisodeRunner.Run(evalEnv, new RandomPolicy(0), baselineOptions);
            EvaluationResult greedy = EpisodeRunner.Run(evalEnv, BuiltInBaselines.Greedy(env), baselineOptions);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {env} | {split} | random | - | {random.MeanReturn:F3} | {random.SuccessRate:F3} | - | - | {random.MeanLength:F2} | - | - |"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {env} | {split} | greedy | - | {greedy.MeanReturn:F3} | {greedy.SuccessRate:F3} | - | - | {greedy.MeanLength:F2} | - | - |"));
        }

        var results = new Dictionary<GoalSplit, List<(EvaluationResult Det, EvaluationResult Sampled)>>
        {
            [GoalSplit.Train] = [],
            [GoalSplit.HeldOut] = [],
        };
        foreach (int seed in seeds)
        {
            // --worlds K: env copy i trains on world i mod K (its own graph / corpus and its own goal split); the
            // evaluation stays on world 0, whose held-out goals no copy ever trains on.
            using IVectorEnv envs = worlds == 1
                ? registry.MakeVector(env, options.NumEnvs, new EnvMakeOptions { Goals = GoalSplit.Train })
                : new SyncVectorEnv([.. Enumerable.Range(0, options.NumEnvs).Select(
                    i => registry.Make(env, new EnvMakeOptions { Goals = GoalSplit.Train, WorldSeed = i % worlds }))]);
            IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, seed);
            var trainer = new PpoTrainer(policy, envs, options, seed, adam);
            var watch = Stopwatch.StartNew();
            trainer.Learn(steps);
            double wall = watch.Elapsed.TotalSeconds;
            var evaluator = new Evaluator(policy);
            foreach (GoalSplit split in splits)
            {
                IEnv evalEnv = registry.Make(env, new EnvMakeOptions { Goals = split });
                // Features-only envs hide the task id (NumTasks = 0) but still report success: declare it.
                var evaluation = new EvaluationOptions { Episodes = episodes, Seed = 0, HasSuccess = true };
                EvaluationResult det = evaluator.Evaluate(evalEnv, evaluation, deterministic: true);
                EvaluationResult sampled = evaluator.Evaluate(evalEnv, evaluation, deterministic: false);
                results[split].Add((det, sampled));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {env} | {split} | ppo | {seed} | {det.MeanReturn:F3} | {det.SuccessRate:F3} | {sampled.MeanReturn:F3} | {sampled.SuccessRate:F3} | {det.MeanLength:F2} | {wall:F0} | {trainer.GlobalStep / wall:F0} |"));
            }
        }

        foreach (GoalSplit split in splits)
        {
            List<(EvaluationResult Det, EvaluationResult Sampled)> r = results[split];
            if (r.Count == 0)
            {
                continue;
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {env} | {split} | ppo mean of {r.Count} | min–max | {r.Average(x => x.Det.MeanReturn):F3} ({r.Min(x => x.Det.MeanReturn):F3}–{r.Max(x => x.Det.MeanReturn):F3}) | "
                + $"{r.Average(x => x.Det.SuccessRate):F3} ({r.Min(x => x.Det.SuccessRate):F3}–{r.Max(x => x.Det.SuccessRate):F3}) | "
                + $"{r.Average(x => x.Sampled.MeanReturn):F3} | {r.Average(x => x.Sampled.SuccessRate):F3} | {r.Average(x => x.Det.MeanLength):F2} | - | - |"));
        }
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static float Float(string s) => float.Parse(s, CultureInfo.InvariantCulture);
}
