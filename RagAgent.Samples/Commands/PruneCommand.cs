using System.CommandLine;
using RagAgent.Core.Algorithms.Pruning;
using RagAgent.Core.Training;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Training;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent prune --checkpoint FILE --hidden 32,32 [--out FILE]</c>: structured magnitude pruning of an
/// <c>mlp</c> checkpoint's hidden units with <see cref="HiddenUnitPruning"/>, written as a normal (weights-only)
/// checkpoint that <c>eval</c>, <c>distill</c>, <c>export</c> and RagAgent.Hosting load. Bad input is a usage error
/// (exit code 2) naming the option.
/// </summary>
internal static class PruneCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint of an mlp policy to prune.", Required = true, HelpName = "FILE" };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths to keep, comma-separated, one per hidden layer.", Required = true, HelpName = "W1,W2,..." };
        var output = new Option<string>("--out", "-o") { Description = "Pruned checkpoint to write (atomically). [default: pruned.safetensors next to the checkpoint, so eval finds its config.json]", HelpName = "FILE" };
        var command = new Command("prune", "Keep the most important hidden units of an mlp checkpoint (|incoming|·|outgoing|); writes a smaller checkpoint.")
        {
            checkpoint, hidden, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(checkpoint);
            int[] widths = DistillCommand.ParseHidden(parse.GetRequiredValue(hidden));
            string target = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "pruned.safetensors");
            string? directory = Path.GetDirectoryName(Path.GetFullPath(target));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException("--out", $"the directory of '{target}' does not exist.");
            }

            CheckpointContent content = EvalCommand.Load(path, "--checkpoint");
            CheckpointContent pruned;
            try
            {
                pruned = HiddenUnitPruning.Prune(content, widths);
            }
            catch (ArgumentException e) when (e.ParamName == "hiddenSizes")
            {
                throw new UsageException("--hidden", TrainingRun.WithoutParameter(e));
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--checkpoint", TrainingRun.WithoutParameter(e));
            }

            CheckpointFile.Save(target, pruned);
            int before = content.Weights.Sum(t => t.Data.Length);
            int after = pruned.Weights.Sum(t => t.Data.Length);
            context.Out.WriteLine($"wrote {target}: mlp [{string.Join(',', widths)}] of '{content.Manifest.EnvId}', {after} of {before} parameters");
            return ExitCodes.Success;
        });
        return command;
    }
}
