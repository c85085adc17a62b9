using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp.Tests;

/// <summary>One's own TorchSharp module as the policy's feature extractor.</summary>
public sealed class TorchBodyPolicyTests
{
    private const int Features = 12;
    private static readonly string[] Names = ["body.0.weight", "body.0.bias", "actor_head.weight", "actor_head.bias", "critic_head.weight", "critic_head.bias"];
    private static readonly string[] Trained = ["body.0.weight", "actor_head.weight", "critic_head.weight"];

    private static nn.Module<Tensor, Tensor> Body(int input) => nn.Sequential(("0", nn.Linear(input, Features)), ("1", nn.ReLU()));

    private static TorchBodyPolicy Create(int seed) =>
        new(ParityFixtures.MlpSpec, ParityFixtures.MlpOptions, Body, Features, seed);

    [Test]
    public void Construct_NamesTheBodyAndTheHeads()
    {
        using TorchBodyPolicy policy = Create(seed: 1);
        Assert.That(policy.ExportWeights().Select(t => t.Name),
            Is.EqualTo(Names));
        Assert.That(policy.ExportWeights()[2].Shape, Is.EqualTo((int[])[4, Features]));
    }

    [Test]
    public void Construct_SameSeed_SameHeads()
    {
        using TorchBodyPolicy a = Create(seed: 4);
        using TorchBodyPolicy b = Create(seed: 4);
        using TorchBodyPolicy c = Create(seed: 5);
        float[] Heads(TorchBodyPolicy p) => [.. p.ExportWeights().Where(t => t.Name.Contains("head", StringComparison.Ordinal)).SelectMany(t => t.Data)];
        Assert.That(Heads(b), Is.EqualTo(Heads(a)));
        Assert.That(Heads(c), Is.Not.EqualTo(Heads(a)));
    }

    [Test]
    public void PpoUpdate_TrainsTheBodyAndTheHeads_AndMasksForbiddenActions()
    {
        PpoOptions options = ParityFixtures.OneMinibatch;
        using TorchBodyPolicy policy = Create(seed: 2);
        RolloutBuffer buffer = ParityFixtures.Rollout(policy, options, seed: 3);
        IReadOnlyList<NamedTensor> before = policy.ExportWeights();
        new PpoUpdate(policy, policy.CreateOptimizer(new OptimizerOptions()), options).Run(buffer, 1e-2f, options.ClipCoef, new EnvRandom(4));

        IReadOnlyList<NamedTensor> after = policy.ExportWeights();
        foreach (string name in Trained)
        {
            Assert.That(after.Single(t => t.Name == name).Data, Is.Not.EqualTo(before.Single(t => t.Name == name).Data), $"{name} was trained");
        }

        const int rows = 16;
        var batch = new ObservationBatch(policy.Spec, rows);
        ParityFixtures.Fill(batch, rows, new EnvRandom(6));
        float[] logits = new float[rows * policy.Spec.NumActions];
        policy.Forward(batch, rows, logits, new float[rows]);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.That(logits[i], batch.ActionMasks[i] ? Is.Not.EqualTo(ActionMasking.MaskedLogit) : Is.EqualTo(ActionMasking.MaskedLogit), $"logit {i}");
        }
    }

    [Test]
    public void CloneForInference_BuildsANewBodyWithTheSameWeights()
    {
        const int rows = 6;
        using TorchBodyPolicy policy = Create(seed: 8);
        using var clone = (TorchActorCritic)policy.CloneForInference();
        var batch = new ObservationBatch(policy.Spec, rows);
        ParityFixtures.Fill(batch, rows, new EnvRandom(1));
        float[] a = new float[rows * 4], b = new float[rows * 4];
        policy.Forward(batch, rows, a, new float[rows]);
        clone.Forward(batch, rows, b, new float[rows]);
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void Forward_BodyOfAnotherWidth_ThrowsNamingTheShapes()
    {
        using var policy = new TorchBodyPolicy(ParityFixtures.MlpSpec, ParityFixtures.MlpOptions, input => nn.Linear(input, Features + 1), Features, seed: 0);
        var batch = new ObservationBatch(policy.Spec, 2);
        ParityFixtures.Fill(batch, 2, new EnvRandom(0));
        Assert.That(() => policy.Forward(batch, 2, new float[8], new float[2]),
            Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("[2, 13]").And.Message.Contains("[2, 12]"));
    }
}
