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
        var ppoOptions = new RecordOptionSet<PpoOptions>(new Dictionary<string, string> { [nameof(PpoOptions.NumEnvs)] = "--envs" });
        var policyOptions = new RecordOptionSet<PolicyOptions>();
        var envOptions = new RecordOptionSet<EnvMakeOptions>();

        var command = new Command("train", "Train a PPO agent on an env; writes progress.csv, reward.svg, config.json and the checkpoint.")
        {
            env, preset, steps, seed, output, parallel, resume, overwrite,
        };
        foreach (Option option in ppoOptions.Options.Concat(policyOptions.Options).Concat(envOptions.Options))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            if (parse.GetValue(resume))
            {
                string directory = parse.GetValue(output) ?? throw new UsageException("--resume", "needs --out DIR, the run to continue.");
                RejectOptionsWhenResuming(parse, [output.Name, resume.Name, plugins.Name]);
                RunConfig saved = LoadForResume(directory);
                EnvRegistry resumeRegistry = EnvPlugins.CreateRegistry(saved.Plugins.Concat(parse.GetValue(plugins) ?? []));
                RequireEnv(resumeRegistry, saved.Env, "--resume");
                return TrainingRun.Execute(saved, directory, resume: true, resumeRegistry, context);
            }

            EnvRegistry registry = EnvPlugins.CreateRegistry(parse.GetValue(plugins));

            string envId = parse.GetValue(env) ?? throw new UsageException("--env", "is required: the env to train on (see 'ragagent envs').");
            RequireEnv(registry, envId, "--env");
            PpoOptions ppo = ppoOptions.Bind(parse, Preset(parse.GetValue(preset)!));
            Validate(ppo.Validate, ppoOptions);
            PolicyOptions policy = policyOptions.Bind(parse, new PolicyOptions());
            Validate(policy.Validate, policyOptions);
            EnvMakeOptions make = envOptions.Bind(parse, new EnvMakeOptions());
            Validate(make.Validate, envOptions);
            long totalSteps = parse.GetValue(steps);
            if (totalSteps < ppo.BatchSize)
            {
                throw new UsageException(
                    "--steps",
                    string.Create(CultureInfo.InvariantCulture, $"must be at least one rollout, --envs x --num-steps = {ppo.NumEnvs} x {ppo.NumSteps} = {ppo.BatchSize}; got {totalSteps}."));
            }

            int runSeed = parse.GetValue(seed);
            string runDirectory = parse.GetValue(output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{envId}-s{runSeed}"));
            PrepareDirectory(runDirectory, parse.GetValue(overwrite));
            var config = new RunConfig
            {
                Env = envId,
                Seed = runSeed,
                Steps = totalSteps,
                Preset = parse.GetValue(preset)!.ToLowerInvariant(),
                Ppo = ppo,
                Policy = policy,
                EnvOptions = make,
                Plugins = EnvPlugins.FullPaths(parse.GetValue(plugins)),
                Parallel = parse.GetValue(parallel),
            };
            return TrainingRun.Execute(config, runDirectory, resume: false, registry, context);
        });
        return command;
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
}
