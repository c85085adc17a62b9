using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;
using RagAgent.Samples.Training;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent train --env NAME [--preset P] [--steps N] [--seed S] [--envs K] [--out DIR]</c> plus every PPO
/// hyperparameter, the policy sizes and the env's make options. Explicit options override the preset.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Default step budget.</summary>
    public const long DefaultSteps = 100_000;

    /// <summary>Default seed (CleanRL's).</summary>
    public const int DefaultSeed = 1;

    /// <summary>Builds the command; <paramref name="plugins"/> is the shared <c>--plugin</c> option.</summary>
    public static Command Create(CliContext context, Option<string[]> plugins)
    {
        var env = new Option<string>("--env", "-e") { Description = "Env to train on (see 'ragagent envs').", HelpName = "NAME" };
        var preset = new Option<string>("--preset")
        {
            Description = $"PPO preset the hyperparameters start from: {string.Join(", ", PpoPresets.Names)}. Options given explicitly override it.",
            DefaultValueFactory = _ => PpoPresets.Names[0],
            HelpName = "P",
        };
        var steps = new Option<long>("--steps", "-n") { Description = "Env steps to train for, summed over the env copies.", DefaultValueFactory = _ => DefaultSteps, HelpName = "N" }.AtLeast(1L);
        var seed = new Option<int>("--seed", "-s") { Description = "Seed of the envs (copy i gets seed + i), the sampler, the shuffles and the weights.", DefaultValueFactory = _ => DefaultSeed, HelpName = "S" };
        var output = new Option<string>("--out", "-o") { Description = "Run directory for progress.csv, reward.svg, config.json and the checkpoint. [default: runs/<env>-s<seed>]", HelpName = "DIR" };
        var parallel = new Option<bool>("--parallel") { Description = "Step the env copies on several threads." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint, with the settings of its config.json (every unfinished seed when --out holds the seed-N runs of --seeds). A finished run is left unchanged." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a finished or stopped run already in --out." };
        var checkpointEvery = new Option<long>("--checkpoint-every")
        {
            Description = "Save the resumable checkpoint every N env steps, so a crash or a killed job loses at most that much; 0 saves only at the end (and on Ctrl+C or SIGTERM).",
            DefaultValueFactory = _ => RunConfig.DefaultCheckpointEvery,
            HelpName = "N",
        }.AtLeast(0L);
        var config = new Option<string>("--config")
        {
            Description = "JSON file of run settings with the keys of a run's config.json (any subset; a run's own config.json repeats it). Options given here override it.",
            HelpName = "FILE",
        };
        var evalEvery = new Option<long>("--eval-every")
        {
            Description = "Evaluate the policy every N env steps on a separate env (held-out goals where the env has them) into eval.csv, keeping the best as best.safetensors; 0 turns it off.",
            HelpName = "N",
        }.AtLeast(0L);
        var evalEpisodes = new Option<int>("--eval-episodes")
        {
            Description = "Episodes per evaluation during training.",
            DefaultValueFactory = _ => RunConfig.DefaultEvalEpisodes,
            HelpName = "K",
        }.AtLeast(1);
        var seeds = new Option<string>("--seeds")
        {
            Description = "Train one run per seed (1-5, 1,4,9 or 1-3,10) into DIR/seed-N, in parallel on the machine's cores, and draw all seeds in DIR/reward.svg. Replaces --seed.",
            HelpName = "LIST",
        };
        var tensorboard = new Option<bool>("--tensorboard") { Description = "Write TensorBoard event files (events.out.tfevents.*) into the run directory. [default: true; '--tensorboard false' turns it off]", DefaultValueFactory = _ => true };
        var engine = new Option<string>("--engine")
        {
            Description = "Neural-network engine: managed (RagAgent.Core, fastest for small networks on a CPU) or torch (RagAgent.TorchSharp on libtorch; needs a build with a libtorch backend, see README).",
            DefaultValueFactory = _ => "managed",
            HelpName = "managed|torch",
        }.AcceptOnlyFromAmong("managed", "torch");
        var device = new Option<string>("--device")
        {
            Description = "Device of --engine torch: cpu, cuda or cuda:N. [default: cpu]",
            HelpName = "DEVICE",
        };
        var ppoOptions = new RecordOptionSet<PpoOptions>(new Dictionary<string, string> { [nameof(PpoOptions.NumEnvs)] = "--envs" });
        var policyOptions = new RecordOptionSet<PolicyOptions>();
        var envOptions = new RecordOptionSet<EnvMakeOptions>(skip: new HashSet<string> { nameof(EnvMakeOptions.Args) });
        Option<string[]> envArgs = EnvArgOption.Create();

        var command = new Command("train", "Train a PPO agent on an env; writes progress.csv, reward.svg, config.json and the checkpoint.")
        {
            env, preset, steps, seed, output, parallel, resume, overwrite, checkpointEvery, config, evalEvery, evalEpisodes, seeds, tensorboard, envArgs, engine, device,
        };
        foreach (Option option in ppoOptions.Options.Concat(policyOptions.Options).Concat(envOptions.Options))
        {
            command.Options.Add(option);
        }

        var symbols = new Symbols(env, preset, steps, seed, output, parallel, resume, overwrite, checkpointEvery, config, evalEvery, evalEpisodes, seeds, tensorboard, plugins, ppoOptions, policyOptions, envOptions, envArgs, engine, device);
        command.SetAction(parse => parse.GetValue(resume) ? Resume(parse, symbols, context) : Start(parse, symbols, context));
        return command;
    }

    private static int Start(ParseResult parse, Symbols symbols, CliContext context)
    {
        ConfigFile file = parse.GetValue(symbols.Config) is string configPath ? ConfigFile.Read(configPath) : new ConfigFile();
        IReadOnlyList<string> plugins = EnvPlugins.FullPaths((file.Plugins ?? []).Concat(parse.GetValue(symbols.Plugins) ?? []));
        EnvRegistry registry = EnvPlugins.CreateRegistry(plugins);
        string envId = Given(parse, symbols.Env) ?? file.Env ?? throw new UsageException("--env", "is required: the env to train on (see 'ragagent envs').");
        RequireEnv(registry, envId, "--env");
        string presetName = Given(parse, symbols.Preset) ?? file.Preset ?? parse.GetValue(symbols.Preset)!;
        PpoOptions ppo = symbols.Ppo.Bind(parse, ConfigFile.Overlay(Preset(presetName), file.Ppo, "ppo"));
        Validate(ppo.Validate, symbols.Ppo);
        PolicyOptions policy = symbols.Policy.Bind(parse, ConfigFile.Overlay(new PolicyOptions(), file.Policy, "policy"));
        Validate(policy.Validate, symbols.Policy);
        EnvMakeOptions fromFile = ConfigFile.Overlay(new EnvMakeOptions(), file.EnvOptions, "env_options");
        EnvMakeOptions make = symbols.EnvOptions.Bind(parse, fromFile) with { Args = EnvArgOption.Parse(parse.GetValue(symbols.EnvArgs), fromFile.Args) };
        Validate(make.Validate, symbols.EnvOptions);
        EnvArgOption.Check(registry, envId, make);
        long totalSteps = GivenValue(parse, symbols.Steps) ?? file.Steps ?? parse.GetValue(symbols.Steps);
        if (totalSteps < ppo.BatchSize)
        {
            throw new UsageException(
                "--steps",
                string.Create(CultureInfo.InvariantCulture, $"must be at least one rollout, --envs x --num-steps = {ppo.NumEnvs} x {ppo.NumSteps} = {ppo.BatchSize}; got {totalSteps}."));
        }

        var config = new RunConfig
        {
            Env = envId,
            Seed = GivenValue(parse, symbols.Seed) ?? file.Seed ?? parse.GetValue(symbols.Seed),
            Steps = totalSteps,
            Preset = presetName.ToLowerInvariant(),
            Ppo = ppo,
            Policy = policy,
            EnvOptions = make,
            Plugins = plugins,
            Parallel = GivenValue(parse, symbols.Parallel) ?? file.Parallel ?? false,
            CheckpointEvery = NotNegative("checkpoint_every", GivenValue(parse, symbols.CheckpointEvery) ?? file.CheckpointEvery) ?? parse.GetValue(symbols.CheckpointEvery),
            EvalEvery = NotNegative("eval_every", GivenValue(parse, symbols.EvalEvery) ?? file.EvalEvery) ?? 0,
            EvalEpisodes = GivenValue(parse, symbols.EvalEpisodes) ?? file.EvalEpisodes ?? parse.GetValue(symbols.EvalEpisodes),
            TensorBoard = GivenValue(parse, symbols.TensorBoard) ?? file.TensorBoard ?? true,
            Engine = Given(parse, symbols.Engine) is string engineName
                ? (engineName == "torch" ? PolicyEngine.Torch : PolicyEngine.Managed)
                : file.Engine ?? PolicyEngine.Managed,
            Device = Given(parse, symbols.Device) ?? file.Device ?? "cpu",
        };
        if (config.Engine == PolicyEngine.Managed && Given(parse, symbols.Device) is not null)
        {
            throw new UsageException("--device", "applies to --engine torch only (the managed engine runs on the CPU).");
        }

        if (config.EvalEpisodes < 1)
        {
            throw new UsageException("--config", $"'eval_episodes' must be at least 1, got {config.EvalEpisodes}.");
        }

        if (parse.GetValue(symbols.Seeds) is string seedList)
        {
            if (parse.GetResult(symbols.Seed) is { Implicit: false })
            {
                throw new UsageException("--seeds", "replaces --seed; give one of them.");
            }

            IReadOnlyList<int> seedValues = SeedList.Parse(seedList);
            string parent = parse.GetValue(symbols.Out) ?? Path.Combine("runs", envId);
            foreach (int value in seedValues)
            {
                PrepareDirectory(SeedRuns.SeedDirectory(parent, value), parse.GetValue(symbols.Overwrite));
            }

            return SeedRuns.Execute(config, seedValues, parent, registry, context);
        }

        string directory = parse.GetValue(symbols.Out) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{envId}-s{config.Seed}"));
        PrepareDirectory(directory, parse.GetValue(symbols.Overwrite));
        return TrainingRun.Execute(config, directory, resume: false, registry, context);
    }

    /// <summary>The value of <paramref name="option"/> when it was given on the command line, else null.</summary>
    private static string? Given(ParseResult parse, Option<string> option) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    /// <summary>The value of <paramref name="option"/> when it was given on the command line, else null.</summary>
    private static T? GivenValue<T>(ParseResult parse, Option<T> option)
        where T : struct =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    private static long? NotNegative(string key, long? value) =>
        value is < 0 ? throw new UsageException("--config", $"'{key}' must be at least 0, got {value}.") : value;

    private static int Resume(ParseResult parse, Symbols symbols, CliContext context)
    {
        string directory = parse.GetValue(symbols.Out) ?? throw new UsageException("--resume", "needs --out DIR, the run to continue.");
        RejectOptionsWhenResuming(parse, [symbols.Out.Name, symbols.Resume.Name, symbols.Plugins.Name]);
        if (!File.Exists(Path.Combine(directory, RunFiles.Config)) && Directory.Exists(directory)
            && Directory.EnumerateDirectories(directory, "seed-*").Any(d => File.Exists(Path.Combine(d, RunFiles.Config))))
        {
            return ResumeSeeds(parse, symbols, directory, context);
        }

        RunConfig saved = LoadForResume(directory);
        EnvRegistry registry = EnvPlugins.CreateRegistry(saved.Plugins.Concat(parse.GetValue(symbols.Plugins) ?? []));
        RequireEnv(registry, saved.Env, "--resume");
        return TrainingRun.Execute(saved, directory, resume: true, registry, context);
    }

    /// <summary>Resumes every unfinished <c>seed-N</c> run under <paramref name="directory"/> (a <c>--seeds</c> run stopped by a signal).</summary>
    private static int ResumeSeeds(ParseResult parse, Symbols symbols, string directory, CliContext context)
    {
        var jobs = new List<SeedJob>();
        foreach (string run in Directory.EnumerateDirectories(directory, "seed-*").Order(StringComparer.Ordinal))
        {
            RunConfig saved = LoadForResume(run);
            if (TrainingRun.IsFinished(saved, run))
            {
                context.Out.WriteLine($"seed {saved.Seed.ToString(CultureInfo.InvariantCulture)}: finished, left unchanged");
            }
            else
            {
                jobs.Add(new SeedJob(saved, run, Resume: true));
            }
        }

        if (jobs.Count == 0)
        {
            throw new UsageException("--resume", $"every seed run in '{directory}' is finished; they are left unchanged.");
        }

        EnvRegistry registry = EnvPlugins.CreateRegistry(jobs[0].Config.Plugins.Concat(parse.GetValue(symbols.Plugins) ?? []));
        RequireEnv(registry, jobs[0].Config.Env, "--resume");
        return SeedRuns.Execute(jobs, directory, registry, context);
    }

    private static PpoOptions Preset(string name)
    {
        try
        {
            return PpoPresets.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--preset", e.Message, e);
        }
    }

    private static void RequireEnv(EnvRegistry registry, string id, string option)
    {
        if (!registry.Contains(id))
        {
            throw new UsageException(
                option,
                $"unknown env '{id}'. Registered: {string.Join(", ", registry.Ids)}. Your own envs come in with --plugin FILE.dll.");
        }
    }

    private static void Validate<T>(Action validate, RecordOptionSet<T> options)
        where T : class, new()
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new UsageException(options.OptionNameOf(e.ParamName ?? string.Empty) ?? e.ParamName ?? "option", message, e);
        }
    }

    private static void RejectOptionsWhenResuming(ParseResult parse, string[] allowed)
    {
        foreach (OptionResult given in parse.CommandResult.Children.OfType<OptionResult>())
        {
            if (!given.Implicit && !allowed.Contains(given.Option.Name))
            {
                throw new UsageException(given.Option.Name, "cannot be changed when resuming: the run's config.json fixes every setting.");
            }
        }
    }

    private static RunConfig LoadForResume(string directory)
    {
        string configPath = Path.Combine(directory, RunFiles.Config);
        if (!File.Exists(configPath))
        {
            throw new UsageException("--out", $"'{directory}' holds no {RunFiles.Config} to resume.");
        }

        try
        {
            RunConfig config = RunConfig.Read(configPath);
            if (!File.Exists(Path.Combine(directory, config.Checkpoint)))
            {
                throw new UsageException("--out", $"'{directory}' holds no checkpoint '{config.Checkpoint}' to resume.");
            }

            return config;
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--out", e.Message, e);
        }
    }

    private static void PrepareDirectory(string directory, bool overwrite)
    {
        string[] present = RunFiles.All.Where(file => File.Exists(Path.Combine(directory, file))).ToArray();
        if (present.Length == 0)
        {
            return;
        }

        if (!overwrite)
        {
            // With --overwrite the files are removed by the run itself, once the settings proved valid.
            string what = present.Contains(RunFiles.Checkpoint)
                ? "already holds a run; pass --resume to continue it, --overwrite to replace it, or choose another directory."
                : $"holds a run that was stopped before its first checkpoint ({string.Join(", ", present)}); it cannot be resumed: pass --overwrite to replace it, or choose another directory.";
            throw new UsageException("--out", $"'{directory}' {what}");
        }
    }

    /// <summary>The options of <c>train</c>, handed from the command builder to its actions.</summary>
    private sealed record Symbols(
        Option<string> Env,
        Option<string> Preset,
        Option<long> Steps,
        Option<int> Seed,
        Option<string> Out,
        Option<bool> Parallel,
        Option<bool> Resume,
        Option<bool> Overwrite,
        Option<long> CheckpointEvery,
        Option<string> Config,
        Option<long> EvalEvery,
        Option<int> EvalEpisodes,
        Option<string> Seeds,
        Option<bool> TensorBoard,
        Option<string[]> Plugins,
        RecordOptionSet<PpoOptions> Ppo,
        RecordOptionSet<PolicyOptions> Policy,
        RecordOptionSet<EnvMakeOptions> EnvOptions,
        Option<string[]> EnvArgs,
        Option<string> Engine,
        Option<string> Device);
}
