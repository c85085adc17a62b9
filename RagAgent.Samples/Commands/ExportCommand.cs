using System.CommandLine;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Onnx;
using RagAgent.Samples.Cli;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent export --checkpoint FILE --format onnx --out FILE.onnx</c>: writes a trained policy as an ONNX model
/// (<see cref="OnnxExporter"/>: opset <see cref="OnnxExporter.Opset"/>; inputs <c>task_ids</c>, <c>goal_features</c>,
/// <c>node_ids</c>, <c>node_features</c>, <c>node_mask</c>, <c>globals</c> as the env has them and
/// <c>action_mask</c>, each with a dynamic batch axis; outputs <c>probabilities</c> [batch, actions] with forbidden
/// actions exactly 0 and <c>value</c> [batch]) and prints one line naming the file, its inputs and outputs.
/// A missing or malformed checkpoint is a usage error (exit code 2) naming <c>--checkpoint</c>.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint written by 'ragagent train'.", Required = true, HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "Model format; onnx is the only one.", DefaultValueFactory = _ => "onnx", HelpName = "onnx" };
        format.AcceptOnlyFromAmong("onnx");
        var output = new Option<string>("--out", "-o") { Description = "File to write (replaced atomically).", Required = true, HelpName = "FILE.onnx" };
        var command = new Command("export", $"Export a checkpoint's policy as an ONNX model (opset {OnnxExporter.Opset}): masked action probabilities and the value.")
        {
            checkpoint, format, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(checkpoint);
            string target = parse.GetRequiredValue(output);
            CheckpointContent content = EvalCommand.Load(path);
            IActorCritic policy = EvalCommand.Build(content, path);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(target));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException("--out", $"the directory of '{target}' does not exist.");
            }

            OnnxExporter.Save(policy, target);
            EnvSpec spec = policy.Spec;
            context.Out.WriteLine(
                $"wrote {target}: ONNX opset {OnnxExporter.Opset}, {EnumSpelling.Of(policy.Options.Architecture)} policy for '{spec.Id}'; " +
                $"inputs {string.Join(", ", OnnxExporter.InputNames(spec))}; outputs {OnnxExporter.ProbabilitiesOutput} [batch, {spec.NumActions}], {OnnxExporter.ValueOutput} [batch]");
            return ExitCodes.Success;
        });
        return command;
    }
}
