using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.TorchSharp.Tests;

/// <summary>Each torch architecture against the managed one (<see cref="MlpPolicy"/>, <see cref="TaskNodePolicy"/>) on the same weights.</summary>
public sealed class EngineParityTests
{
    private const double Tolerance = 1e-4;

    /// <summary>The managed and the torch network of <paramref name="architecture"/> built from the same seed.</summary>
    private static (ManagedActorCritic Managed, TorchActorCritic Torch) Pair(PolicyArchitecture architecture, int seed)
    {
        (EnvSpec spec, PolicyOptions options) = Fixture(architecture);
        var managed = (ManagedActorCritic)PolicyFactory.Create(spec, options, seed);
        TorchActorCritic torch = TorchPolicyFactory.Create(spec, options, seed);
        Assert.That(torch.GetType().Name, Is.EqualTo("Torch" + managed.GetType().Name));
        return (managed, torch);
    }

    private static (EnvSpec Spec, PolicyOptions Options) Fixture(PolicyArchitecture architecture) => ParityFixtures.For(architecture);

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void Construct_SameSeed_HasTheManagedWeightsNamesAndShapes(PolicyArchitecture architecture)
    {
        (ManagedActorCritic managed, TorchActorCritic torch) = Pair(architecture, seed: 3);
        using TorchActorCritic disposeTorch = torch;
        IReadOnlyList<NamedTensor> expected = managed.ExportWeights();
        IReadOnlyList<NamedTensor> actual = torch.ExportWeights();
        Assert.That(actual.Select(t => t.Name), Is.EqualTo(expected.Select(t => t.Name)));
        Assert.That(actual.Select(t => t.Shape), Is.EqualTo(expected.Select(t => t.Shape)));
        Assert.That(actual.SelectMany(t => t.Data), Is.EqualTo(expected.SelectMany(t => t.Data)), "bit-identical initial weights");
        Assert.That(torch.Options, Is.EqualTo(managed.Options).Using<PolicyOptions>((a, b) =>
            a.Architecture == b.Architecture && a.HiddenSizes.SequenceEqual(b.HiddenSizes) && a.TaskIdEmbedding == b.TaskIdEmbedding
            && a.NodeIdEmbedding == b.NodeIdEmbedding && a.EmbeddingSize == b.EmbeddingSize));
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void Forward_SameWeights_LogitsAndValuesMatchAndMaskedActionsGetMaskedLogit(PolicyArchitecture architecture)
    {
        const int rows = 64;
        (ManagedActorCritic managed, TorchActorCritic torch) = Pair(architecture, seed: 1);
        using TorchActorCritic disposeTorch = torch;
        EnvSpec spec = managed.Spec;
        var batch = new ObservationBatch(spec, rows);
        ParityFixtures.Fill(batch, rows, new EnvRandom(9));

        float[] expectedLogits = new float[rows * spec.NumActions], actualLogits = new float[rows * spec.NumActions];
        float[] expectedValues = new float[rows], actualValues = new float[rows];
        managed.Forward(batch, rows, expectedLogits, expectedValues);
        torch.Forward(batch, rows, actualLogits, actualValues);

        ParityFixtures.AssertClose(expectedLogits, actualLogits, Tolerance, "logits");
        ParityFixtures.AssertClose(expectedValues, actualValues, Tolerance, "values");
        int masked = 0;
        for (int i = 0; i < actualLogits.Length; i++)
        {
            if (!batch.ActionMasks[i])
            {
                Assert.That(actualLogits[i], Is.EqualTo(ActionMasking.MaskedLogit), $"logit {i} is masked");
                masked++;
            }
        }

        Assert.That(masked, Is.GreaterThan(0), "the fixture masks some actions");
        Assert.That(actualLogits.AsSpan(spec.NumActions, spec.NodeActions).ToArray(), Is.All.EqualTo(ActionMasking.MaskedLogit), "row 1 has only padding nodes");
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<bool> mask = batch.ActionMask(r);
            ReadOnlySpan<float> e = expectedLogits.AsSpan(r * spec.NumActions, spec.NumActions);
            ReadOnlySpan<float> a = actualLogits.AsSpan(r * spec.NumActions, spec.NumActions);
            Assert.That(MaskedCategorical.Entropy(a, mask), Is.EqualTo(MaskedCategorical.Entropy(e, mask)).Within(1e-4), $"entropy of row {r}");
            for (int k = 0; k < spec.NumActions; k++)
            {
                if (mask[k])
                {
                    Assert.That(MaskedCategorical.LogProb(a, mask, k), Is.EqualTo(MaskedCategorical.LogProb(e, mask, k)).Within(1e-4), $"log-prob of row {r} action {k}");
                }
            }
        }
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void Forward_MaskedActions_HaveProbabilityZeroFromTheLogitsAlone(PolicyArchitecture architecture)
    {
        const int rows = 32;
        (EnvSpec spec, PolicyOptions options) = Fixture(architecture);
        using TorchActorCritic torch = TorchPolicyFactory.Create(spec, options, seed: 2);
        var batch = new ObservationBatch(spec, rows);
        ParityFixtures.Fill(batch, rows, new EnvRandom(4));
        float[] logits = new float[rows * spec.NumActions];
        torch.Forward(batch, rows, logits, new float[rows]);
        bool[] all = [.. Enumerable.Repeat(true, spec.NumActions)];
        float[] probs = new float[spec.NumActions];
        for (int r = 0; r < rows; r++)
        {
            MaskedCategorical.Probabilities(logits.AsSpan(r * spec.NumActions, spec.NumActions), all, probs);
            for (int k = 0; k < spec.NumActions; k++)
            {
                if (!batch.ActionMasks[(r * spec.NumActions) + k])
                {
                    Assert.That(probs[k], Is.Zero, $"row {r} action {k} is masked");
                }
            }
        }
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void PpoUpdate_OneMinibatch_GradientsParametersAndOptimizerStateMatch(PolicyArchitecture architecture)
    {
        PpoOptions options = ParityFixtures.OneMinibatch;
        (ManagedActorCritic managed, TorchActorCritic torch) = Pair(architecture, seed: 5);
        using TorchActorCritic disposeTorch = torch;
        RolloutBuffer buffer = ParityFixtures.Rollout(managed, options, seed: 17);
        IPolicyOptimizer managedAdam = managed.CreateOptimizer(new OptimizerOptions());
        IPolicyOptimizer torchAdam = torch.CreateOptimizer(new OptimizerOptions());

        PpoUpdateStats expected = new PpoUpdate(managed, managedAdam, options).Run(buffer, 3e-3f, options.ClipCoef, new EnvRandom(8));
        PpoUpdateStats actual = new PpoUpdate(torch, torchAdam, options).Run(buffer, 3e-3f, options.ClipCoef, new EnvRandom(8));

        Assert.That(expected.Minibatches, Is.EqualTo(1));
        Assert.That(expected.ClipFraction, Is.GreaterThan(0f), "the fixture's ratios reach the clip range");
        IReadOnlyList<NamedTensor> managedGradients = [.. managed.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Grad))];
        Assert.That(managedGradients.SelectMany(g => g.Data).Any(g => g != 0f), "the update produced gradients");
        ParityFixtures.AssertClose(managedGradients, torch.ExportGradients(), Tolerance, "gradient");
        ParityFixtures.AssertClose(managed.ExportWeights(), torch.ExportWeights(), Tolerance, "parameter");
        Assert.That(actual.PolicyLoss, Is.EqualTo(expected.PolicyLoss).Within(Tolerance * Math.Max(1, Math.Abs(expected.PolicyLoss))));
        Assert.That(actual.ValueLoss, Is.EqualTo(expected.ValueLoss).Within(Tolerance * Math.Max(1, Math.Abs(expected.ValueLoss))));
        Assert.That(actual.Entropy, Is.EqualTo(expected.Entropy).Within(Tolerance * Math.Max(1, Math.Abs(expected.Entropy))));
        Assert.That(actual.GradNorm, Is.EqualTo(expected.GradNorm).Within(Tolerance * Math.Max(1, Math.Abs(expected.GradNorm))));

        StateDict managedState = managedAdam.ExportState();
        StateDict torchState = torchAdam.ExportState();
        Assert.That(torchState.Counters, Is.EqualTo(managedState.Counters));
        ParityFixtures.AssertClose(
            [.. managedState.Tensors.Select(t => t.ToNamedTensor())], [.. torchState.Tensors.Select(t => t.ToNamedTensor())], Tolerance, "optimizer state");
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void OptimizerState_ExportedByEitherEngine_ResumesInTheOther(PolicyArchitecture architecture)
    {
        PpoOptions options = ParityFixtures.OneMinibatch;
        (ManagedActorCritic managed, TorchActorCritic torch) = Pair(architecture, seed: 6);
        using TorchActorCritic disposeTorch = torch;
        RolloutBuffer buffer = ParityFixtures.Rollout(managed, options, seed: 18);
        IPolicyOptimizer managedAdam = managed.CreateOptimizer(new OptimizerOptions());
        new PpoUpdate(managed, managedAdam, options).Run(buffer, 1e-3f, options.ClipCoef, new EnvRandom(1));

        // Resume in torch from the managed state, take one more update in both, compare.
        torch.ImportWeights(managed.ExportWeights());
        IPolicyOptimizer torchAdam = torch.CreateOptimizer(new OptimizerOptions());
        torchAdam.ImportState(managedAdam.ExportState());
        Assert.That(torchAdam.ExportState().Counters["step"], Is.EqualTo(1));
        new PpoUpdate(managed, managedAdam, options).Run(buffer, 1e-3f, options.ClipCoef, new EnvRandom(2));
        new PpoUpdate(torch, torchAdam, options).Run(buffer, 1e-3f, options.ClipCoef, new EnvRandom(2));
        ParityFixtures.AssertClose(managed.ExportWeights(), torch.ExportWeights(), Tolerance, "parameter after resuming in torch");

        // And back: a fresh managed Adam resumes from the torch state.
        IPolicyOptimizer back = managed.CreateOptimizer(new OptimizerOptions());
        back.ImportState(torchAdam.ExportState());
        Assert.That(back.ExportState().Counters["step"], Is.EqualTo(2));
        ParityFixtures.AssertClose(
            [.. torchAdam.ExportState().Tensors.Select(t => t.ToNamedTensor())], [.. back.ExportState().Tensors.Select(t => t.ToNamedTensor())], 0, "optimizer state imported into managed");
    }

    [Test]
    public void Forward_TaskNodeActionOnAPaddingNodeTheEnvAllows_IsMaskedAsInTheManagedEngine()
    {
        const int rows = 4;
        (ManagedActorCritic managed, TorchActorCritic torch) = Pair(PolicyArchitecture.TaskNode, seed: 7);
        using TorchActorCritic disposeTorch = torch;
        EnvSpec spec = managed.Spec;
        var batch = new ObservationBatch(spec, rows);
        ParityFixtures.Fill(batch, rows, new EnvRandom(5));
        int paddingAction = (1 * spec.NumActions) + 0;
        batch.ActionMasks[paddingAction] = true;
        float[] expected = new float[rows * spec.NumActions], actual = new float[rows * spec.NumActions];
        managed.Forward(batch, rows, expected, new float[rows]);
        torch.Forward(batch, rows, actual, new float[rows]);
        Assert.That(actual[paddingAction], Is.EqualTo(ActionMasking.MaskedLogit));
        Assert.That(expected[paddingAction], Is.EqualTo(ActionMasking.MaskedLogit));
    }

    [Test]
    public void ImportState_MissingMoment_ThrowsNamingIt()
    {
        using var torch = new TorchMlpPolicy(ParityFixtures.MlpSpec, ParityFixtures.MlpOptions, seed: 0);
        IPolicyOptimizer adam = torch.CreateOptimizer(new OptimizerOptions());
        StateDict state = adam.ExportState();
        var without = new StateDict(state.Counters, [.. state.Tensors.Where(t => t.Name != "exp_avg_sq.critic.2.bias")]);
        Assert.That(() => adam.ImportState(without), Throws.ArgumentException.With.Message.Contains("exp_avg_sq.critic.2.bias"));
    }

    [Test]
    public void ImportWeights_WrongShape_ThrowsNamingTheTensorAndChangesNothing()
    {
        using var torch = new TorchMlpPolicy(ParityFixtures.MlpSpec, ParityFixtures.MlpOptions, seed: 0);
        IReadOnlyList<NamedTensor> before = torch.ExportWeights();
        List<NamedTensor> bad = [.. before.Select(t => t.Name == "actor.2.weight" ? new NamedTensor(t.Name, [3, 3], new float[9]) : t with { Data = new float[t.Data.Length] })];
        Assert.That(() => torch.ImportWeights(bad), Throws.ArgumentException.With.Message.Contains("actor.2.weight"));
        Assert.That(torch.ExportWeights().SelectMany(t => t.Data), Is.EqualTo(before.SelectMany(t => t.Data)));
    }

    [TestCase(PolicyArchitecture.Mlp)]
    [TestCase(PolicyArchitecture.TaskNode)]
    public void CloneForInference_GivesTheSameOutputs(PolicyArchitecture architecture)
    {
        const int rows = 8;
        (EnvSpec spec, PolicyOptions options) = Fixture(architecture);
        using TorchActorCritic torch = TorchPolicyFactory.Create(spec, options, seed: 12);
        var clone = (TorchActorCritic)torch.CloneForInference();
        using (clone)
        {
            var batch = new ObservationBatch(spec, rows);
            ParityFixtures.Fill(batch, rows, new EnvRandom(3));
            float[] a = new float[rows * spec.NumActions], b = new float[rows * spec.NumActions];
            torch.Forward(batch, rows, a, new float[rows]);
            clone.Forward(batch, rows, b, new float[rows]);
            Assert.That(b, Is.EqualTo(a));
        }
    }
}
