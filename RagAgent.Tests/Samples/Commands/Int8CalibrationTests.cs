using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Samples.Cli;
using RagAgent.Samples.Commands;

namespace RagAgent.Tests.Samples.Commands;

public sealed class Int8CalibrationTests
{
    [Test]
    public void Quantize_PolicyWhoseChoiceRoundsAway_IsRefusedWithTheAgreement()
    {
        // Hidden unit 1 is tanh(-1) < 0 on every observation. Float logits: 0.003·h1 < 0 for action 0 and 0 for
        // action 1, so the float policy always pushes right; 0.003 is under half an int8 step of its row (1/127),
        // so int8 rounds it to 0, the logits tie and the greedy action is 0: agreement 0 %.
        EnvRegistry registry = EnvRegistry.CreateDefault();
        IActorCritic policy = PolicyFactory.Create(registry.GetSpec("cartpole"), new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [2] }, seed: 1);
        policy.ImportWeights([.. policy.ExportWeights().Select(Crafted)]);

        IEnv env = registry.Make("cartpole");
        Assert.That(
            () => Int8Calibration.Quantize(policy, env, 0.99, firstSeed: 3),
            Throws.TypeOf<UsageException>().With.Message.StartsWith("--min-agreement: refused").And.Message.Contains("0.00 %"));
    }

    [Test]
    public void Quantize_TaskNodePolicy_IsAUsageErrorNamingQuantization()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        IActorCritic policy = PolicyFactory.Create(registry.GetSpec("graph-nav"), new PolicyOptions { Architecture = PolicyArchitecture.TaskNode, HiddenSizes = [8] }, seed: 1);

        Assert.That(
            () => Int8Calibration.Quantize(policy, registry.Make("graph-nav"), 0.99, firstSeed: 3),
            Throws.TypeOf<UsageException>().With.Message.StartsWith("--quantization:").And.Message.Contains("mlp"));
    }

    /// <summary>Weights of a 2-unit cartpole mlp whose float choice rounds away in int8 (agreement 0 %).</summary>
    internal static NamedTensor Crafted(NamedTensor tensor) => tensor.Name switch
    {
        "actor.0.bias" => tensor with { Data = [0f, -1f] },
        "actor.2.weight" => tensor with { Data = [1f, 0.003f, 1f, 0f] },
        _ => tensor with { Data = new float[tensor.Data.Length] },
    };
}
