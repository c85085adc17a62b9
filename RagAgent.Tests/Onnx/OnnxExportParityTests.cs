using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Onnx;
using RagAgent.Tests.Policies;

namespace RagAgent.Tests.Onnx;

/// <summary>
/// Exports policies of every built-in env and architecture, runs 1,000 observations recorded from env rollouts
/// through ONNX Runtime (an independent implementation of the ONNX operators) and through the managed engine, and
/// requires the same probabilities and values; forbidden actions must be exactly 0 in the ONNX output.
/// </summary>
internal sealed class OnnxExportParityTests
{
    private const int Observations = 1000;
    private const float ProbabilityTolerance = 1e-5f;

    /// <summary>Values are compared relative to max(1, |v|): returns reach the hundreds on some envs.</summary>
    private const float ValueTolerance = 1e-5f;
    private static readonly string[] BuiltInEnvs = ["cartpole", "graph-nav", "task-select", "smart-home", "retrieval"];

    /// <summary>How the exported weights were obtained.</summary>
    public enum Weights
    {
        /// <summary>Every weight drawn uniformly in [−0.5, 0.5): sizeable logits, far from uniform probabilities.</summary>
        Random,

        /// <summary>Built by the factory, then trained briefly with PPO on the env.</summary>
        Trained,
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (string id in BuiltInEnvs)
        {
            EnvSpec spec = registry.GetSpec(id);
            var architectures = new List<PolicyArchitecture> { PolicyArchitecture.Mlp };
            if (spec.MaxNodes > 0)
            {
                architectures.Add(PolicyArchitecture.TaskNode);
            }

            foreach (PolicyArchitecture architecture in architectures)
            {
                foreach (Weights weights in Enum.GetValues<Weights>())
                {
                    yield return new TestCaseData(id, architecture, weights).SetName($"Export_{id}_{architecture}_{weights}_MatchesManagedEngine");
                }
            }
        }
    }

    [Test]
    public void BuiltInEnvs_AreAllCovered() =>
        Assert.That(EnvRegistry.CreateDefault().Ids, Is.EquivalentTo(BuiltInEnvs), "a new built-in env needs an export parity case");

    [TestCaseSource(nameof(Cases))]
    public void Export_MatchesManagedEngine(string envId, PolicyArchitecture architecture, Weights weights)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        EnvSpec spec = registry.GetSpec(envId);
        var options = new PolicyOptions { Architecture = architecture, HiddenSizes = [32, 32] };
        IActorCritic policy = PolicyFactory.Create(spec, options, seed: 3);
        if (weights == Weights.Random)
        {
            PolicyTestKit.RandomizeWeights(policy, new EnvRandom(11));
        }
        else
        {
            var ppo = new PpoOptions { NumEnvs = 2, NumSteps = 64, NumMinibatches = 2, UpdateEpochs = 2 };
            new PpoTrainer(policy, registry.MakeVector(envId, ppo.NumEnvs), ppo, seed: 5).Learn(512);
        }

        ObservationBatch batch = Record(registry.Make(envId), policy, Observations, seed: 21);
        (float[] expectedProbabilities, float[] expectedValues) = Managed(policy, batch, Observations);

        AssertSameOutputs(policy, batch, Observations, $"{envId} {architecture} {weights}");
    }

    private static IEnumerable<TestCaseData> VariantCases()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (string id in BuiltInEnvs.Where(id => registry.GetSpec(id).MaxNodes > 0))
        {
            yield return new TestCaseData(id, new PolicyOptions
            {
                Architecture = PolicyArchitecture.TaskNode, HiddenSizes = [16, 8], EmbeddingSize = 8, Activation = Activation.ReLU,
                TaskIdEmbedding = IdEmbedding.Always, NodeIdEmbedding = IdEmbedding.Always,
            }).SetName($"Export_{id}_TaskNodeWithIdEmbeddingsAndReLU_MatchesOnPaddedRandomRows");
            yield return new TestCaseData(id, new PolicyOptions
            {
                Architecture = PolicyArchitecture.Mlp, HiddenSizes = [16], Activation = Activation.ReLU, TaskIdEmbedding = IdEmbedding.Always,
            }).SetName($"Export_{id}_MlpWithOneHotTasksAndReLU_MatchesOnPaddedRandomRows");
        }
    }

    /// <summary>
    /// Options the default cases do not reach (id embeddings, one-hot task ids, ReLU, one hidden layer) on random
    /// rows with padding nodes, random node ids and, where the env has extra actions, rows without any real node
    /// (pooling must give zeros there, as in the managed engine).
    /// </summary>
    [TestCaseSource(nameof(VariantCases))]
    public void Export_Variant_MatchesManagedEngine(string envId, PolicyOptions options)
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec(envId);
        IActorCritic policy = PolicyFactory.Create(spec, options, seed: 4);
        PolicyTestKit.RandomizeWeights(policy, new EnvRandom(12));
        const int rows = 256;
        ObservationBatch batch = PolicyTestKit.RandomBatch(spec, rows, new EnvRandom(13));
        if (spec.ExtraActions > 0)
        {
            for (int r = 0; r < rows; r += 16)
            {
                batch.NodeMask.AsSpan(r * spec.MaxNodes, spec.MaxNodes).Clear();
                batch.ActionMasks.AsSpan(r * spec.NumActions, spec.NodeActions).Clear();
                batch.ActionMasks[(r * spec.NumActions) + spec.NodeActions] = true;
            }
        }

        AssertSameOutputs(policy, batch, rows, $"{envId} {options.Architecture} variant");
    }

    private static void AssertSameOutputs(IActorCritic policy, ObservationBatch batch, int count, string label)
    {
        EnvSpec spec = policy.Spec;
        (float[] expectedProbabilities, float[] expectedValues) = Managed(policy, batch, count);
        using var session = new InferenceSession(OnnxExporter.Export(policy));
        Assert.That(session.InputMetadata.Keys, Is.EqualTo(OnnxExporter.InputNames(spec)));
        (float[] probabilities, float[] values) = Run(session, batch, count);

        int actions = spec.NumActions;
        float worstProbability = 0f;
        float worstValue = 0f;
        for (int r = 0; r < count; r++)
        {
            for (int a = 0; a < actions; a++)
            {
                int i = (r * actions) + a;
                if (!batch.ActionMasks[i])
                {
                    Assert.That(probabilities[i], Is.EqualTo(0f), $"row {r}: forbidden action {a} must have probability exactly 0");
                }

                worstProbability = Math.Max(worstProbability, Math.Abs(probabilities[i] - expectedProbabilities[i]));
            }

            worstValue = Math.Max(worstValue, Math.Abs(values[r] - expectedValues[r]) / Math.Max(1f, Math.Abs(expectedValues[r])));
        }

        TestContext.Out.WriteLine($"{label}: max |Δp| = {worstProbability:E2}, max |Δv|/max(1,|v|) = {worstValue:E2}");
        Assert.That(worstProbability, Is.LessThanOrEqualTo(ProbabilityTolerance), "probabilities differ");
        Assert.That(worstValue, Is.LessThanOrEqualTo(ValueTolerance), "values differ");

        // The batch axis is dynamic: one row gives that row's result.
        (float[] single, float[] singleValue) = Run(session, batch, 1);
        Assert.That(single, Is.EqualTo(probabilities.AsSpan(0, actions).ToArray()).Within(1e-6f));
        Assert.That(singleValue[0], Is.EqualTo(values[0]).Within(ValueTolerance * Math.Max(1f, Math.Abs(values[0]))));
    }

    /// <summary>Observations of rollouts that take uniformly random allowed actions, restarting finished episodes.</summary>
    private static ObservationBatch Record(IEnv env, IActorCritic policy, int count, int seed)
    {
        var batch = new ObservationBatch(policy.Spec, count);
        var random = new EnvRandom(seed);
        Observation observation = env.Reset(seed).Observation;
        for (int r = 0; r < count; r++)
        {
            batch.Write(r, observation);
            int[] allowed = [.. Enumerable.Range(0, policy.Spec.NumActions).Where(a => observation.ActionMask[a])];
            StepResult step = env.Step(allowed[random.NextInt(allowed.Length)]);
            observation = step.Terminated || step.Truncated ? env.Reset(seed + r + 1).Observation : step.Observation;
        }

        (env as IDisposable)?.Dispose();
        return batch;
    }

    private static (float[] Probabilities, float[] Values) Managed(IActorCritic policy, ObservationBatch batch, int count)
    {
        int actions = policy.Spec.NumActions;
        float[] logits = new float[count * actions];
        float[] values = new float[count];
        policy.Forward(batch, count, logits, values);
        float[] probabilities = new float[count * actions];
        for (int r = 0; r < count; r++)
        {
            MaskedCategorical.Probabilities(logits.AsSpan(r * actions, actions), batch.ActionMasks.AsSpan(r * actions, actions), probabilities.AsSpan(r * actions, actions));
        }

        return (probabilities, values);
    }

    private static (float[] Probabilities, float[] Values) Run(InferenceSession session, ObservationBatch batch, int count)
    {
        EnvSpec s = batch.Spec;
        var feed = new List<NamedOnnxValue>();
        if (s.NumTasks > 0)
        {
            feed.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.TaskIdsInput, new DenseTensor<long>(batch.TaskIds.Take(count).Select(t => (long)t).ToArray(), [count])));
        }

        if (s.GoalFeatureSize > 0)
        {
            feed.Add(Floats(OnnxExporter.GoalFeaturesInput, batch.GoalFeatures, count, s.GoalFeatureSize));
        }

        if (s.NodeVocabSize > 0)
        {
            feed.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.NodeIdsInput, new DenseTensor<long>(batch.NodeIds.Take(count * s.MaxNodes).Select(t => (long)t).ToArray(), [count, s.MaxNodes])));
        }

        if (s.MaxNodes > 0 && s.NodeFeatureSize > 0)
        {
            feed.Add(Floats(OnnxExporter.NodeFeaturesInput, batch.NodeFeatures, count, s.MaxNodes, s.NodeFeatureSize));
        }

        if (s.MaxNodes > 0)
        {
            feed.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.NodeMaskInput, new DenseTensor<bool>(batch.NodeMask.Take(count * s.MaxNodes).ToArray(), [count, s.MaxNodes])));
        }

        if (s.GlobalFeatureSize > 0)
        {
            feed.Add(Floats(OnnxExporter.GlobalsInput, batch.Globals, count, s.GlobalFeatureSize));
        }

        feed.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.ActionMaskInput, new DenseTensor<bool>(batch.ActionMasks.Take(count * s.NumActions).ToArray(), [count, s.NumActions])));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feed);
        Tensor<float> probabilities = results.Single(v => v.Name == OnnxExporter.ProbabilitiesOutput).AsTensor<float>();
        Tensor<float> values = results.Single(v => v.Name == OnnxExporter.ValueOutput).AsTensor<float>();
        Assert.That(probabilities.Dimensions.ToArray(), Is.EqualTo(new[] { count, s.NumActions }));
        Assert.That(values.Dimensions.ToArray(), Is.EqualTo(new[] { count }));
        return (probabilities.ToArray(), values.ToArray());
    }

    private static NamedOnnxValue Floats(string name, float[] data, int count, params int[] rowShape)
    {
        int width = rowShape.Aggregate(1, (a, b) => a * b);
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data.AsSpan(0, count * width).ToArray(), [count, .. rowShape]));
    }
}
