using System.CommandLine;
using System.Text;
using System.Text.Json;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent eval --checkpoint FILE [--episodes N] [--seed S] [--deterministic]</c>: runs a trained policy on its
/// env and prints one JSON object <c>{"episodes", "mean_return", "std_return", "success_rate"}</c>. The env is made
/// with the options and plugins of the <c>config.json</c> next to the checkpoint (same world), drawing goals from
/// <c>--goals</c>.
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
        var command = new Command("eval", "Evaluate a checkpoint; prints {\"episodes\", \"mean_return\", \"std_return\", \"success_rate\"} as JSON.")
        {
            checkpoint, episodes, seed, deterministic, goals,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(checkpoint);
            CheckpointContent content = Load(path);
            RunConfig? run = ConfigNextTo(path);
            EnvRegistry registry = EnvPlugins.CreateRegistry((run?.Plugins ?? []).Where(File.Exists).Concat(parse.GetValue(plugins) ?? []));
            string envId = content.Manifest.EnvId;
            if (!registry.Contains(envId))
            {
                throw new UsageException("--checkpoint", $"was trained on env '{envId}', which is not registered; pass the --plugin that provides it.");
            }

            EnvMakeOptions make = run?.EnvOptions ?? new EnvMakeOptions();
            if (parse.GetValue(goals) is string split)
            {
                make = make with { Goals = ParseGoals(split) };
            }

            IEnv env = registry.Make(envId, make);
            if (env.Spec != content.Manifest.Spec)
            {
                throw new UsageException("--checkpoint", $"was trained on a '{envId}' with spec {content.Manifest.Spec}; the env made now has {env.Spec}.");
            }

            IActorCritic policy = Build(content, path);
            EvaluationResult result = new Evaluator(policy).Evaluate(env, parse.GetValue(episodes), parse.GetValue(deterministic), parse.GetValue(seed));
            (env as IDisposable)?.Dispose();
            context.Out.WriteLine(ToJson(result));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The eval JSON: exactly <c>episodes</c>, <c>mean_return</c>, <c>std_return</c>, <c>success_rate</c>.</summary>
    public static string ToJson(EvaluationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("episodes", result.Episodes);
            writer.WriteNumber("mean_return", Math.Round(result.MeanReturn, 6));
            writer.WriteNumber("std_return", Math.Round(result.StdReturn, 6));
            writer.WriteNumber("success_rate", Math.Round(result.SuccessRate, 6));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static CheckpointContent Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException("--checkpoint", $"'{path}' does not exist.");
        }

        try
        {
            return CheckpointFile.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--checkpoint", $"'{path}' is not a valid checkpoint: {e.Message}", e);
        }
    }

    private static IActorCritic Build(CheckpointContent content, string path)
    {
        try
        {
            return PolicyFactory.FromCheckpoint(content);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("--checkpoint", $"'{path}' cannot be loaded by this version of RagAgent: {e.Message}", e);
        }
    }

    private static RunConfig? ConfigNextTo(string checkpointPath)
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
            throw new UsageException("--checkpoint", $"the {RunFiles.Config} next to it is unreadable: {e.Message}", e);
        }
    }

    private static GoalSplit ParseGoals(string text) => text switch
    {
        "held-out" => GoalSplit.HeldOut,
        "all" => GoalSplit.All,
        _ => GoalSplit.Train,
    };
}
