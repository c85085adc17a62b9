using RagAgent.Core.Algorithms.Pruning;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Algorithms.Pruning;

/// <summary>Structured magnitude pruning of mlp checkpoints on graph-nav (a masked env).</summary>
public sealed class HiddenUnitPruningTests
{
    private static readonly EnvRegistry Registry = EnvRegistry.CreateDefault();

    private static CheckpointContent Checkpoint(PolicyArchitecture architecture, int seed = 5)
    {
        EnvSpec spec = Registry.Make("graph-nav").Spec;
        IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions { Architecture = architecture, HiddenSizes = [16, 12] }, seed);
        return new CheckpointContent(new CheckpointManifest { Policy = policy.Options, Spec = policy.Spec }, policy.ExportWeights());
    }

    /// <summary>Logits [rows, A], values [rows] and masks of <paramref name="policy"/> on graph-nav states along a random walk.</summary>
    private static (float[] Logits, float[] Values, bool[] Masks) Outputs(IActorCritic policy, int rows = 40)
    {
        IEnv env = Registry.Make("graph-nav");
        int numActions = env.Spec.NumActions;
        var batch = new ObservationBatch(env.Spec, rows);
        Observation observation = env.Reset(7).Observation;
        var random = new Random(3);
        for (int r = 0; r < rows; r++)
        {
            batch.Write(r, observation);
            ReadOnlySpan<bool> mask = batch.ActionMask(r);
            int action;
            do
            {
                action = random.Next(numActions);
            }
            while (!mask[action]);
            StepResult step = env.Step(action);
            observation = step.Terminated || step.Truncated ? env.Reset(7 + r).Observation : step.Observation;
        }

        var logits = new float[rows * numActions];
        var values = new float[rows];
        policy.Forward(batch, rows, logits, values);
        return (logits, values, batch.ActionMasks.AsSpan(0, rows * numActions).ToArray());
    }

    [Test]
    public void Prune_ToTheSameSizes_IsTheIdentity()
    {
        CheckpointContent teacher = Checkpoint(PolicyArchitecture.Mlp);
        CheckpointContent pruned = HiddenUnitPruning.Prune(teacher, [16, 12]);

        var before = Outputs(PolicyFactory.FromCheckpoint(teacher));
        var after = Outputs(PolicyFactory.FromCheckpoint(pruned));
        Assert.That(after.Logits, Is.EqualTo(before.Logits));
        Assert.That(after.Values, Is.EqualTo(before.Values));
    }

    [Test]
    public void Prune_SmallerSizes_ShapesAreConsistentAndThePrunedCheckpointLoadsAndMasksActions()
    {
        CheckpointContent teacher = Checkpoint(PolicyArchitecture.Mlp);
        CheckpointContent pruned = HiddenUnitPruning.Prune(teacher, [6, 3]);

        Assert.That(pruned.Manifest.Policy.HiddenSizes, Is.EqualTo(new[] { 6, 3 }));
        Assert.That(pruned.Manifest.Policy.Architecture, Is.EqualTo(PolicyArchitecture.Mlp));
        var shapes = pruned.Weights.ToDictionary(t => t.Name, t => t.Shape);
        int input = teacher.Weights.Single(t => t.Name == "actor.0.weight").Shape[1];
        int numActions = teacher.Manifest.Spec.NumActions;
        Assert.That(shapes["actor.0.weight"], Is.EqualTo(new[] { 6, input }));
        Assert.That(shapes["actor.2.weight"], Is.EqualTo(new[] { 3, 6 }));
        Assert.That(shapes["actor.4.weight"], Is.EqualTo(new[] { numActions, 3 }));
        Assert.That(shapes["critic.2.bias"], Is.EqualTo(new[] { 3 }));
        Assert.That(shapes["critic.4.weight"], Is.EqualTo(new[] { 1, 3 }));

        IActorCritic policy = PolicyFactory.FromCheckpoint(pruned);
        Assert.That(pruned.Weights.Sum(t => t.Data.Length), Is.LessThan(teacher.Weights.Sum(t => t.Data.Length) / 2));
        (float[] logits, float[] values, bool[] masks) = Outputs(policy);
        Assert.That(values, Has.All.Matches<float>(float.IsFinite));
        var probs = new float[numActions];
        int masked = 0;
        for (int r = 0; r < values.Length; r++)
        {
            MaskedCategorical.Probabilities(logits.AsSpan(r * numActions, numActions), masks.AsSpan(r * numActions, numActions), probs);
            for (int a = 0; a < numActions; a++)
            {
                if (!masks[(r * numActions) + a])
                {
                    masked++;
                    Assert.That(probs[a], Is.EqualTo(0f), $"row {r}, masked action {a}");
                }
            }
        }

        Assert.That(masked, Is.GreaterThan(0), "graph-nav states mask some actions");
        EvaluationResult result = new Evaluator(policy).Evaluate(Registry.Make("graph-nav"), episodes: 3, deterministic: true, seed: 1);
        Assert.That(result.Episodes, Is.EqualTo(3));
    }

    [Test]
    public void Prune_DropsTheUnitsWithNoOutgoingWeight_SoTheOutputsDoNotChange()
    {
        // Units 1, 3, 5, … of the first hidden layer send nothing on: they are the least important and pruning
        // them away must leave every output exactly as it was.
        CheckpointContent full = Checkpoint(PolicyArchitecture.Mlp);
        var weights = full.Weights.Select(t => new NamedTensor(t.Name, [.. t.Shape], [.. t.Data])).ToList();
        foreach (string name in new[] { "actor.2.weight", "critic.2.weight" })
        {
            NamedTensor next = weights.Single(t => t.Name == name);
            for (int o = 0; o < next.Shape[0]; o++)
            {
                for (int u = 1; u < next.Shape[1]; u += 2)
                {
                    next.Data[(o * next.Shape[1]) + u] = 0f;
                }
            }
        }

        CheckpointContent teacher = full with { Weights = weights };
        CheckpointContent pruned = HiddenUnitPruning.Prune(teacher, [8, 12]);

        var before = Outputs(PolicyFactory.FromCheckpoint(teacher));
        var after = Outputs(PolicyFactory.FromCheckpoint(pruned));
        Assert.That(after.Logits, Is.EqualTo(before.Logits).Within(1e-5f));
        Assert.That(after.Values, Is.EqualTo(before.Values).Within(1e-5f));
        NamedTensor first = pruned.Weights.Single(t => t.Name == "actor.0.weight");
        NamedTensor original = teacher.Weights.Single(t => t.Name == "actor.0.weight");
        Assert.That(first.Data.AsSpan(first.Shape[1], first.Shape[1]).ToArray(), Is.EqualTo(original.Data.AsSpan(2 * original.Shape[1], original.Shape[1]).ToArray()), "kept unit 1 of the pruned layer is unit 2 of the teacher");
    }

    [Test]
    public void Prune_TaskNodeCheckpoint_IsRefusedNamingTheArchitecture()
    {
        var error = Assert.Throws<ArgumentException>(() => HiddenUnitPruning.Prune(Checkpoint(PolicyArchitecture.TaskNode), [8, 8]));
        Assert.That(error!.Message, Does.Contain("mlp architecture only").And.Contain("task-node"));
    }

    [TestCase(new[] { 8 }, "2 hidden layers")]
    [TestCase(new[] { 17, 12 }, "hiddenSizes[0] is 17")]
    [TestCase(new[] { 8, 0 }, "hiddenSizes[1] is 0")]
    public void Prune_SizesThatDoNotFit_AreRefusedNamingThem(int[] sizes, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => HiddenUnitPruning.Prune(Checkpoint(PolicyArchitecture.Mlp), sizes));
        Assert.That(error!.Message, Does.Contain(expected));
    }
}
