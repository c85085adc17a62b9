using System.CommandLine;
using System.Globalization;
using RagAgent.Core.Algorithms.Distillation;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.Samples.Cli;

namespace RagAgent.Samples.Commands;

/// <summary>
/// <c>ragagent distill --teacher FILE (--hidden 32,32 | --init FILE) --steps N [--out FILE]</c>: trains a smaller student (the
/// teacher's architecture and options with other hidden widths) on the teacher's state distribution in the teacher's
/// env (made as <c>eval</c> makes it, from the <c>config.json</c> next to the teacher, on its training goals) with
/// <see cref="Distiller"/>, prints a line per tenth of the steps and writes a normal checkpoint that <c>eval</c>,
/// <c>export</c> and RagAgent.Hosting load. Bad input is a usage error (exit code 2) naming the option.
/// </summary>
internal static class DistillCommand
{
    /// <summary>Builds the command; <paramref name="plugins"/> is the shared <c>--plugin</c> option.</summary>
    public static Command Create(CliContext context, Option<string[]> plugins)
    {
        var teacher = new Option<string>("--teacher", "-t") { Description = "Checkpoint of the trained teacher.", Required = true, HelpName = "FILE" };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths of the student, comma-separated.", DefaultValueFactory = _ => "32,32", HelpName = "W1,W2,..." };
        var steps = new Option<long>("--steps") { Description = "Env steps to collect (all copies).", DefaultValueFactory = _ => 50_000, HelpName = "N" };
        var output = new Option<string>("--out", "-o") { Description = "Student checkpoint to write (atomically). [default: student.safetensors next to the teacher, so eval finds its config.json]", HelpName = "FILE" };
        var seed = new Option<int>("--seed", "-s") { Description = "Seeds the student's initial weights, the env resets and the action choices.", DefaultValueFactory = _ => 0, HelpName = "S" };
        var teacherFraction = new Option<float>("--teacher-fraction") { Description = "DAgger β: probability that the teacher (not the student) acts at a step.", DefaultValueFactory = _ => new DistillationOptions().TeacherFraction, HelpName = "BETA" };
        var init = new Option<string>("--init") { Description = "Start the student from this checkpoint (for example a 'prune' output) instead of fresh weights; its widths are the student's, so --hidden is refused with it.", HelpName = "FILE" };
        var command = new Command("distill", "Distil a checkpoint into a smaller student trained on the teacher's states; writes a normal checkpoint.")
        {
            teacher, hidden, steps, output, seed, teacherFraction, init,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(teacher);
            long totalSteps = parse.GetValue(steps);
            if (totalSteps < 1)
            {
                throw new UsageException("--steps", $"must be >= 1, got {totalSteps}.");
            }

            var options = new DistillationOptions { TeacherFraction = parse.GetValue(teacherFraction) };
            if (!(options.TeacherFraction is >= 0f and <= 1f))
            {
                throw new UsageException("--teacher-fraction", $"must be in [0, 1], got {options.TeacherFraction.ToString(CultureInfo.InvariantCulture)}.");
            }

            string? initPath = parse.GetValue(init);
            if (initPath is not null && parse.GetResult(hidden) is { Implicit: false })
            {
                throw new UsageException("--hidden", "cannot be combined with --init: the student's widths are those of the --init checkpoint.");
            }

            CheckpointContent? initContent = initPath is null ? null : EvalCommand.Load(initPath, "--init");
            int[] widths = initContent is { } start ? start.Manifest.Policy.HiddenSizes : ParseHidden(parse.GetRequiredValue(hidden));
            string target = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "student.safetensors");
            string? directory = Path.GetDirectoryName(Path.GetFullPath(target));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException("--out", $"the directory of '{target}' does not exist.");
            }

            CheckpointContent content = EvalCommand.Load(path, "--teacher");
            IActorCritic teacherPolicy = EvalCommand.Build(content, path, "--teacher");
            (EnvRegistry registry, EnvMakeOptions make) = EvalCommand.EnvOf(content, path, parse.GetValue(plugins), goals: null, envArgs: null, "--teacher");
            using IVectorEnv envs = registry.MakeVector(content.Manifest.EnvId, options.NumEnvs, make);
            EvalCommand.CheckShape(content, envs.Spec, "--teacher");
            int studentSeed = parse.GetValue(seed);
            IActorCritic student;
            if (initContent is { } initial)
            {
                EvalCommand.CheckShape(initial, envs.Spec, "--init");
                student = EvalCommand.Build(initial, initPath!, "--init");
            }
            else
            {
                student = PolicyFactory.Create(teacherPolicy.Spec, teacherPolicy.Options with { HiddenSizes = widths }, studentSeed);
            }

            long reportEvery = Math.Max(1, totalSteps / 10);
            long nextReport = reportEvery;
            DistillationProgress last = new Distiller(teacherPolicy, student, options, studentSeed).Run(envs, totalSteps, round =>
            {
                if (round.Steps >= nextReport)
                {
                    nextReport += reportEvery;
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steps {round.Steps}: kl {round.Kl:F5}, value loss {round.ValueLoss:F4}, greedy agreement {round.Agreement:P1}"));
                }
            });
            var manifest = new CheckpointManifest
            {
                Policy = student.Options,
                Spec = student.Spec,
                TrainingSteps = last.Steps,
                Metrics = new Dictionary<string, double> { ["distill/kl"] = last.Kl, ["distill/value_loss"] = last.ValueLoss, ["distill/agreement"] = last.Agreement },
            };
            CheckpointFile.Save(target, new CheckpointContent(manifest, student.ExportWeights()));
            context.Out.WriteLine($"wrote {target}: {EnumSpelling.Of(student.Options.Architecture)} student [{string.Join(',', widths)}] of '{content.Manifest.EnvId}' after {last.Steps} steps");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Parses <c>--hidden</c> widths such as <c>32,32</c>.</summary>
    internal static int[] ParseHidden(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] is < 1 or > PolicyOptions.MaxWidth)
            {
                throw new UsageException("--hidden", $"must be comma-separated widths in [1, {PolicyOptions.MaxWidth}] such as 32,32, got '{text}'.");
            }
        }

        return widths;
    }
}
