using System.CommandLine;
using System.Text;
using System.Text.Json;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent eval --checkpoint FILE [--episodes N] [--seed S] [--deterministic] [--per-goal]</c>: runs a trained
/// policy on its env and prints one JSON object <c>{"episodes", "mean_return", "std_return", "success_rate",
/// "mean_length"}</c> (<c>success_rate</c> is <c>null</c> for an env without a notion of success), with a
/// <c>"per_goal"</c> array when asked. The env is made
/// with the options and plugins of the <c>config.json</c> next to the checkpoint (same world), drawing goals from
/// <c>--goals</c>; <c>--env-arg</c> adds to or overrides its env arguments. <c>--quantization int8</c> evaluates the
/// int8 copy of an mlp policy, refused (exit 2, naming <c>--min-agreement</c>) when it agrees with float32 on fewer
/// than <c>--min-agreement</c> of the calibration observations.
/// </summary>
internal static class EvalCommand
{
    /// <summary>Default first episode seed: away from the seeds training resets with.</summary>
    public const int DefaultSeed = 10_000;

    /// <summary>Builds the command; <paramref name="plugins"/> is the shared <c>--plugin</c> option.</summary>
    public static Command Create(CliContext context, Option<string[]> plugins)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint written by 'ragagent train'.", Required = true, HelpName = "FILE" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to run.", DefaultValueFactory = _ => 100, HelpName = "N" }.AtLeast(1);
        var seed = new Option<int>("--seed", "-s") { Description = "Episode k is reset with seed S + k; also seeds the action sampler.", DefaultValueFactory = _ => DefaultSeed, HelpName = "S" };
        var deterministic = new Option<bool>("--deterministic") { Description = "Take the most probable allowed action instead of sampling." };
        var goals = new Option<string>("--goals")
        {
            Description = "Goals to evaluate on: train, held-out (generalisation to goals never trained on) or all. [default: the goals of the run's config.json, else train]",
            HelpName = "train|held-out|all",
        };
        goals.AcceptOnlyFromAmong("train", "held-out", "all");
        var perGoal = new Option<bool>("--per-goal") { Description = "Add \"per_goal\": episodes, mean return, mean length and success rate of each task id." };
        var quantization = new Option<string>("--quantization")
        {
            Description = "Weights to evaluate with: none (float32) or int8 (per-channel int8, mlp policies only; refused when it agrees with float32 on fewer than --min-agreement of 1000 calibration observations).",
            DefaultValueFactory = _ => "none",
            HelpName = "none|int8",
        };
        quantization.AcceptOnlyFromAmong("none", "int8");
        var minAgreement = new Option<double>("--min-agreement")
        {
            Description = "With --quantization int8: least share of calibration observations on which the int8 policy's greedy action must equal the float one's.",
            DefaultValueFactory = _ => 0.99,
            HelpName = "P",
        };
        Option<string[]> envArgs = EnvArgOption.Create();
        var command = new Command("eval", "Evaluate a checkpoint; prints {\"episodes\", \"mean_return\", \"std_return\", \"success_rate\", \"mean_length\"} as JSON.")
        {
            checkpoint, episodes, seed, deterministic, goals, perGoal, quantization, minAgreement, envArgs,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(checkpoint);
            CheckpointContent content = Load(path);
            (EnvRegistry registry, EnvMakeOptions make) = EnvOf(content, path, parse.GetValue(plugins), parse.GetValue(goals), parse.GetValue(envArgs));
            IEnv env = registry.Make(content.Manifest.EnvId, make);
            CheckShape(content, env.Spec);

            double least = parse.GetValue(minAgreement);
            if (!(least >= 0 && least <= 1))
            {
                throw new UsageException("--min-agreement", $"must be between 0 and 1; got {least}.");
            }

            IActorCritic policy = Build(content, path);
            if (parse.GetValue(quantization) == "int8")
            {
                // Calibration episodes start after the evaluation ones, so the two sets do not share a reset seed.
                IEnv calibration = registry.Make(content.Manifest.EnvId, make);
                policy = Int8Calibration.Quantize(policy, calibration, least, parse.GetValue(seed) + parse.GetValue(episodes)).Policy;
                (calibration as IDisposable)?.Dispose();
            }

            EvaluationResult result = new Evaluator(policy).Evaluate(env, parse.GetValue(episodes), parse.GetValue(deterministic), parse.GetValue(seed));
            (env as IDisposable)?.Dispose();
            context.Out.WriteLine(ToJson(result, parse.GetValue(perGoal)));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The eval JSON: <c>episodes</c>, <c>mean_return</c>, <c>std_return</c>, <c>success_rate</c> (null when the env
    /// has no notion of success), <c>mean_length</c>, and with <paramref name="perGoal"/> a <c>per_goal</c> array of
    /// <c>{"task_id", "episodes", "mean_return", "mean_length", "success_rate"}</c>.
    /// </summary>
    public static string ToJson(EvaluationResult result, bool perGoal)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("episodes", result.Episodes);
            writer.WriteNumber("mean_return", Math.Round(result.MeanReturn, 6));
            writer.WriteNumber("std_return", Math.Round(result.StdReturn, 6));
            WriteRate(writer, result.SuccessRate);
            writer.WriteNumber("mean_length", Math.Round(result.MeanLength, 6));
            if (perGoal)
            {
                writer.WriteStartArray("per_goal");
                foreach (GoalResult goal in result.PerGoal)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("task_id", goal.TaskId);
                    writer.WriteNumber("episodes", goal.Episodes);
                    writer.WriteNumber("mean_return", Math.Round(goal.MeanReturn, 6));
                    writer.WriteNumber("mean_length", Math.Round(goal.MeanLength, 6));
                    WriteRate(writer, goal.SuccessRate);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRate(Utf8JsonWriter writer, double? successRate)
    {
        if (successRate is double rate)
        {
            writer.WriteNumber("success_rate", Math.Round(rate, 6));
        }
        else
        {
            writer.WriteNull("success_rate");
        }
    }

    /// <summary>
    /// The registry and make options of a checkpoint's env: the options and plugins of the <c>config.json</c> next to
    /// the checkpoint, with <paramref name="goals"/> (train, held-out or all; null keeps the config's) and
    /// <paramref name="envArgs"/> applied. An env that is not registered or a bad argument is a usage error.
    /// </summary>
    internal static (EnvRegistry Registry, EnvMakeOptions Make) EnvOf(CheckpointContent content, string path, string[]? plugins, string? goals, string[]? envArgs, string option = "--checkpoint")
    {
        RunConfig? run = ConfigNextTo(path, option);
        EnvRegistry registry = EnvPlugins.CreateRegistry((run?.Plugins ?? []).Where(File.Exists).Concat(plugins ?? []));
        string envId = content.Manifest.EnvId;
        if (!registry.Contains(envId))
        {
            throw new UsageException(option, $"was trained on env '{envId}', which is not registered; pass the --plugin that provides it.");
        }

        EnvMakeOptions make = run?.EnvOptions ?? new EnvMakeOptions();
        if (goals is string split)
        {
            make = make with { Goals = ParseGoals(split) };
        }

        make = make with { Args = EnvArgOption.Parse(envArgs, make.Args) };
        EnvArgOption.Check(registry, envId, make);
        return (registry, make);
    }

    /// <summary>Throws a usage error naming <paramref name="option"/> when the env made now has another shape than the checkpoint's.</summary>
    internal static void CheckShape(CheckpointContent content, EnvSpec spec, string option = "--checkpoint")
    {
        if (content.Manifest.Spec.ShapeDifference(spec) is string difference)
        {
            throw new UsageException(option, $"was trained on a '{content.Manifest.EnvId}' of another shape than the env made now: {difference}.");
        }
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/>; a missing or malformed file is a usage error naming <paramref name="option"/> (<c>--checkpoint</c> unless told).</summary>
    internal static CheckpointContent Load(string path, string option = "--checkpoint")
    {
        if (!File.Exists(path))
        {
            throw new UsageException(option, $"'{path}' does not exist.");
        }

        try
        {
            return CheckpointFile.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(option, $"'{path}' is not a valid checkpoint: {e.Message}", e);
        }
    }

    /// <summary>The network of a loaded checkpoint; weights this version cannot load are a usage error naming <paramref name="option"/> (<c>--checkpoint</c> unless told).</summary>
    internal static IActorCritic Build(CheckpointContent content, string path, string option = "--checkpoint")
    {
        try
        {
            return PolicyFactory.FromCheckpoint(content);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(option, $"'{path}' cannot be loaded by this version of RagAgent: {e.Message}", e);
        }
    }

    private static RunConfig? ConfigNextTo(string checkpointPath, string option)
    {
        string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, RunFiles.Config);
        if (!File.Exists(configPath))
        {
            return null;
        }

        try
        {
            return RunConfig.Read(configPath);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(option, $"the {RunFiles.Config} next to it is unreadable: {e.Message}", e);
        }
    }

    private static GoalSplit ParseGoals(string text) => text switch
    {
        "held-out" => GoalSplit.HeldOut,
        "all" => GoalSplit.All,
        _ => GoalSplit.Train,
    };
}
