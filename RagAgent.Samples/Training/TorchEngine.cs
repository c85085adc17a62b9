using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;
using RagAgent.TorchSharp;

namespace RagAgent.Samples.Training;

/// <summary>
/// <c>train --engine torch</c>: builds the policy with RagAgent.TorchSharp. Kept apart from <see cref="TrainingRun"/>
/// so that a managed run never loads TorchSharp.
/// </summary>
internal static class TorchEngine
{
    /// <summary>The torch policy for the run (fresh, or the checkpoint's when resuming); user errors as <see cref="UsageException"/>.</summary>
    public static IActorCritic CreatePolicy(EnvSpec spec, RunConfig config, CheckpointContent? saved)
    {
        if (TorchNatives.Problem() is string problem)
        {
            throw new UsageException("--engine", $"torch: {problem} The ragagent CLI ships without them: build it with -p:TorchBackend=<package> (see RagAgent.Samples/README.md).");
        }

        try
        {
            return saved is CheckpointContent checkpoint
                ? TorchPolicyFactory.FromCheckpoint(checkpoint, config.Device)
                : TorchPolicyFactory.Create(spec, config.Policy, config.Seed, config.Device);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException("--device", e.Message, e);
        }
        catch (ArgumentException e) when (e.ParamName == "device")
        {
            throw new UsageException("--device", TrainingRun.WithoutParameter(e), e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new UsageException(saved is null ? "--architecture" : "--resume", e is ArgumentException a ? TrainingRun.WithoutParameter(a) : e.Message, e);
        }
    }
}
