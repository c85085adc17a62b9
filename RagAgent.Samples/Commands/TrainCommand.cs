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
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint, with the settings of its config.json." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a finished or stopped run already in --out." };
        var tensorboard = new Option<bool>("--tensorboard") { Description = "Write TensorBoard event files (events.out.tfevents.*) into the run directory. [default: true; '--tensorboard false' turns it off]", DefaultValueFactory = _ => true };
        var ppoOptions = new RecordOptionSet<PpoOptions>(new Dictionary<string, string> { [nameof(PpoOptions.NumEnvs)] = "--envs" });
        var policyOptions = new RecordOptionSet<PolicyOptions>();
        var envOptions = new RecordOptionSet<EnvMakeOptions>();

        var command = new Command("train", "Train a PPO agent on an env; writes progress.csv, reward.svg, config.json and the checkpoint.")
        {
            env, preset, steps, seed, output, parallel, resume, overwrite, tensorboard,
        };
        foreach (Option option in ppoOptions.Options.Concat(policyOptions.Options).Concat(envOptions.Options))
        {
            command.Options.Add(option);
        }

        var symbols = new Symbols(env, preset, steps, seed, output, parallel, resume, overwrite, tensorboard, plugins, ppoOptions, policyOptions, envOptions);
        command.SetAction(parse => parse.GetValue(resume) ? Resume(parse, symbols, context) : Start(parse, symbols, context));
        return command;
    }

    private static int Start(ParseResult parse, Symbols symbols, CliContext context)
    {
        EnvRegistry registry = EnvPlugins.CreateRegistry(parse.GetValue(symbols.Plugins));
        string envId = parse.GetValue(symbols.Env) ?? throw new UsageException("--env", "is required: the env to train on (see 'ragagent envs').");
        RequireEnv(registry, envId, "--env");
        string presetName = parse.GetValue(symbols.Preset)!;
        PpoOptions ppo = symbols.Ppo.Bind(parse, Preset(presetName));
        Validate(ppo.Validate, symbols.Ppo);
        PolicyOptions policy = symbols.Policy.Bind(parse, new PolicyOptions());
        Validate(policy.Validate, symbols.Policy);
        EnvMakeOptions make = symbols.EnvOptions.Bind(parse, new EnvMakeOptions());
        Validate(make.Validate, symbols.EnvOptions);
        long totalSteps = parse.GetValue(symbols.Steps);
        if (totalSteps < ppo.BatchSize)
        {
            throw new UsageException(
                "--steps",
                string.Create(CultureInfo.InvariantCulture, $"must be at least one rollout, --envs x --num-steps = {ppo.NumEnvs} x {ppo.NumSteps} = {ppo.BatchSize}; got {totalSteps}."));
        }

        int seed = parse.GetValue(symbols.Seed);
        string directory = parse.GetValue(symbols.Out) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{envId}-s{seed}"));
        PrepareDirectory(directory, parse.GetValue(symbols.Overwrite));
        var config = new RunConfig
        {
            Env = envId,
            Seed = seed,
            Steps = totalSteps,
            Preset = presetName.ToLowerInvariant(),
            Ppo = ppo,
            Policy = policy,
            EnvOptions = make,
            Plugins = EnvPlugins.FullPaths(parse.GetValue(symbols.Plugins)),
            Parallel = parse.GetValue(symbols.Parallel),
            TensorBoard = parse.GetValue(symbols.TensorBoard),
        };
        return TrainingRun.Execute(config, directory, resume: false, registry, context);
    }

    private static int Resume(ParseResult parse, Symbols symbols, CliContext context)
    {
        string directory = parse.GetValue(symbols.Out) ?? throw new UsageException("--resume", "needs --out DIR, the run to continue.");
        RejectOptionsWhenResuming(parse, [symbols.Out.Name, symbols.Resume.Name, symbols.Plugins.Name]);
        RunConfig saved = LoadForResume(directory);
        EnvRegistry registry = EnvPlugins.CreateRegistry(saved.Plugins.Concat(parse.GetValue(symbols.Plugins) ?? []));
        RequireEnv(registry, saved.Env, "--resume");
        return TrainingRun.Execute(saved, directory, resume: true, registry, context);
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
        string progress = Path.Combine(directory, RunFiles.Progress);
        if (!File.Exists(progress))
        {
            return;
        }

        if (!overwrite)
        {
            throw new UsageException("--out", $"'{directory}' already holds a run; pass --resume to continue it, --overwrite to replace it, or choose another directory.");
        }

        foreach (string file in new[] { RunFiles.Progress, RunFiles.Config, RunFiles.RewardCurve, RunFiles.Checkpoint })
        {
            File.Delete(Path.Combine(directory, file));
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
        Option<bool> TensorBoard,
        Option<string[]> Plugins,
        RecordOptionSet<PpoOptions> Ppo,
        RecordOptionSet<PolicyOptions> Policy,
        RecordOptionSet<EnvMakeOptions> EnvOptions);
}
