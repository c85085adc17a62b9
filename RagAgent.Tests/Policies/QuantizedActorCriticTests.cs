using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Policies;

public sealed class QuantizedActorCriticTests
{
    private const int Observations = 1000;

    private static readonly EnvSpec Rich = new()
    {
        Id = "rich", NumTasks = 3, GoalFeatureSize = 2, MaxNodes = 4, NodeFeatureSize = 2, GlobalFeatureSize = 3,
        ActionsPerNode = 1, ExtraActions = 2,
    };

    private static readonly PolicyOptions Mlp = new() { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [64, 64] };

    private static readonly string[] BuiltInEnvs = ["cartpole", "graph-nav", "task-select", "smart-home", "retrieval"];

    [Test]
    public void Forward_RandomObservations_AgreesWithFloat32()
    {
        var random = new EnvRandom(31);
        IActorCritic policy = PolicyFactory.Create(Rich, Mlp, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 512, random);

        (float agreement, float maxProbabilityGap, float maxValueGap) = Compare(policy, QuantizedActorCritic.Quantize(policy), batch, 512);

        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.99f), "greedy action agreement");
        Assert.That(maxProbabilityGap, Is.LessThan(0.02f), "largest probability difference");
        Assert.That(maxValueGap, Is.LessThan(0.05f), "largest value difference");
    }

    private static IEnumerable<TestCaseData> EnvCases() =>
        BuiltInEnvs.Select(id => new TestCaseData(id).SetName($"Forward_{id}_TrainedPolicyOnEnvObservations_AgreesWithFloat32"));

    [Test]
    public void BuiltInEnvs_AreAllCovered() =>
        Assert.That(EnvRegistry.CreateDefault().Ids, Is.EquivalentTo(BuiltInEnvs), "a new built-in env needs a quantisation agreement case");

    [TestCaseSource(nameof(EnvCases))]
    public void Forward_EnvObservations_AgreesWithFloat32(string envId)
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        IActorCritic policy = PolicyFactory.Create(registry.GetSpec(envId), Mlp, seed: 3);
        // 8,192 steps: after 512 the actor head (initial gain 0.01) is still nearly uniform and smart-home agreed on
        // 98.9%, every disagreement a near-tie; agreement is meant for policies that prefer an action.
        var ppo = new PpoOptions { NumEnvs = 2, NumSteps = 64, NumMinibatches = 2, UpdateEpochs = 2 };
        new PpoTrainer(policy, registry.MakeVector(envId, ppo.NumEnvs), ppo, seed: 5).Learn(8192);
        ObservationBatch batch = Record(registry.Make(envId), policy.Spec, Observations, seed: 21);

        (float agreement, float maxProbabilityGap, _) = Compare(policy, QuantizedActorCritic.Quantize(policy), batch, Observations);

        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.99f), $"{envId}: greedy action agreement");
        Assert.That(maxProbabilityGap, Is.LessThan(0.02f), $"{envId}: largest probability difference");
    }

    [Test]
    public void Forward_RowByRow_MatchesTheBatchedKernel()
    {
        // Fewer than DequantizeFromRows rows take the int8·float dot kernel, more the dequantise-then-matmul one.
        var random = new EnvRandom(35);
        IActorCritic policy = PolicyFactory.Create(Rich, Mlp with { HiddenSizes = [67, 45] }, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        QuantizedActorCritic quantized = QuantizedActorCritic.Quantize(policy);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 32, random);
        int actions = Rich.NumActions;
        var logits = new float[32 * actions];
        var values = new float[32];
        quantized.Forward(batch, 32, logits, values);

        var one = new ObservationBatch(Rich, 1);
        var rowLogits = new float[actions];
        var rowValue = new float[1];
        for (int r = 0; r < 32; r++)
        {
            batch.CopyRowTo(r, one, 0);
            quantized.Forward(one, 1, rowLogits, rowValue);
            Assert.That(rowLogits, Is.EqualTo(logits.AsSpan(r * actions, actions).ToArray()).Within(1e-4f), $"row {r} logits");
            Assert.That(rowValue[0], Is.EqualTo(values[r]).Within(1e-4f), $"row {r} value");
        }
    }

    [Test]
    public void Forward_MaskedActions_GetMaskedLogitAndZeroProbability()
    {
        var random = new EnvRandom(32);
        IActorCritic policy = PolicyFactory.Create(Rich, Mlp, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 16, random);
        int actions = Rich.NumActions;
        var logits = new float[16 * actions];
        var probabilities = new float[actions];

        QuantizedActorCritic.Quantize(policy).Forward(batch, 16, logits, new float[16]);

        Assert.That(batch.ActionMasks, Does.Contain(false));
        for (int r = 0; r < 16; r++)
        {
            MaskedCategorical.Probabilities(logits.AsSpan(r * actions, actions), batch.ActionMasks.AsSpan(r * actions, actions), probabilities);
            for (int a = 0; a < actions; a++)
            {
                bool allowed = batch.ActionMasks[(r * actions) + a];
                Assert.That(logits[(r * actions) + a] == ActionMasking.MaskedLogit, Is.EqualTo(!allowed), $"row {r} logit {a}");
                if (!allowed)
                {
                    Assert.That(probabilities[a], Is.EqualTo(0f), $"row {r} probability {a}");
                }
            }
        }
    }

    [TestCase(1)]
    [TestCase(64)]
    public void Forward_AfterWarmUp_AllocatesNothing(int count)
    {
        var random = new EnvRandom(33);
        QuantizedActorCritic quantized = QuantizedActorCritic.Quantize(PolicyFactory.Create(Rich, Mlp, seed: 1));
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, count, random);
        var logits = new float[count * Rich.NumActions];
        var values = new float[count];
        quantized.Forward(batch, count, logits, values);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            quantized.Forward(batch, count, logits, values);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Quantize_StoresAboutAQuarterOfTheFloatBytes()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Mlp, seed: 1);
        long floatBytes = policy.ExportWeights().Sum(t => (long)t.Data.Length * sizeof(float));

        long bytes = QuantizedActorCritic.Quantize(policy).ParameterBytes;

        // int8 weights, plus one float scale and one float bias per output row.
        Assert.That(bytes, Is.LessThan(floatBytes * 0.3));
    }

    [Test]
    public void ExportWeights_DequantisedWeights_AreWithinHalfAStepOfTheFloatOnes()
    {
        var random = new EnvRandom(34);
        IActorCritic policy = PolicyFactory.Create(Rich, Mlp, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        Dictionary<string, float[]> original = policy.ExportWeights().ToDictionary(t => t.Name, t => t.Data);

        foreach (var tensor in QuantizedActorCritic.Quantize(policy).ExportWeights().Where(t => t.Shape.Length == 2))
        {
            float[] source = original[tensor.Name];
            int inputs = tensor.Shape[1];
            for (int o = 0; o < tensor.Shape[0]; o++)
            {
                float step = source.AsSpan(o * inputs, inputs).ToArray().Max(Math.Abs) / 127f;
                for (int i = 0; i < inputs; i++)
                {
                    Assert.That(tensor.Data[(o * inputs) + i], Is.EqualTo(source[(o * inputs) + i]).Within((step / 2f) + 1e-7f), $"{tensor.Name}[{o}, {i}]");
                }
            }
        }
    }

    [Test]
    public void Training_IsRefusedWithTheReason()
    {
        QuantizedActorCritic quantized = QuantizedActorCritic.Quantize(PolicyFactory.Create(Rich, Mlp, seed: 1));

        Assert.That(() => quantized.Backward([], []), Throws.TypeOf<NotSupportedException>().With.Message.Contains("inference-only"));
        Assert.That(() => quantized.CreateOptimizer(new OptimizerOptions()), Throws.TypeOf<NotSupportedException>().With.Message.Contains("float policy"));
    }

    [Test]
    public void Quantize_TaskNodePolicy_IsRefusedNamingTheArchitecture()
    {
        IActorCritic taskNode = PolicyFactory.Create(Rich, new PolicyOptions { Architecture = PolicyArchitecture.TaskNode, HiddenSizes = [8] }, seed: 1);

        Assert.That(() => QuantizedActorCritic.Quantize(taskNode), Throws.TypeOf<NotSupportedException>().With.Message.Contains("TaskNode"));
    }

    /// <summary>Greedy-action agreement, the largest probability gap and the largest value gap over rows [0, count).</summary>
    private static (float Agreement, float MaxProbabilityGap, float MaxValueGap) Compare(IActorCritic reference, IActorCritic quantized, ObservationBatch batch, int count)
    {
        int actions = reference.Spec.NumActions;
        var (p, v) = Outputs(reference, batch, count);
        var (q, w) = Outputs(quantized, batch, count);
        int agree = 0;
        float gap = 0f;
        for (int r = 0; r < count; r++)
        {
            ReadOnlySpan<float> a = p.AsSpan(r * actions, actions);
            ReadOnlySpan<float> b = q.AsSpan(r * actions, actions);
            agree += a.IndexOf(a.ToArray().Max()) == b.IndexOf(b.ToArray().Max()) ? 1 : 0;
            for (int i = 0; i < actions; i++)
            {
                gap = Math.Max(gap, Math.Abs(a[i] - b[i]));
            }
        }

        float valueGap = v.Zip(w, (x, y) => Math.Abs(x - y)).Max();
        return ((float)agree / count, gap, valueGap);
    }

    private static (float[] Probabilities, float[] Values) Outputs(IActorCritic policy, ObservationBatch batch, int count)
    {
        int actions = policy.Spec.NumActions;
        var logits = new float[count * actions];
        var values = new float[count];
        policy.Forward(batch, count, logits, values);
        var probabilities = new float[count * actions];
        for (int r = 0; r < count; r++)
        {
            MaskedCategorical.Probabilities(logits.AsSpan(r * actions, actions), batch.ActionMasks.AsSpan(r * actions, actions), probabilities.AsSpan(r * actions, actions));
        }

        return (probabilities, values);
    }

    /// <summary>Observations of rollouts with uniformly random allowed actions, restarting finished episodes.</summary>
    private static ObservationBatch Record(IEnv env, EnvSpec spec, int count, int seed)
    {
        var batch = new ObservationBatch(spec, count);
        var random = new EnvRandom(seed);
        Observation observation = env.Reset(seed).Observation;
        for (int r = 0; r < count; r++)
        {
            batch.Write(r, observation);
            int[] allowed = [.. Enumerable.Range(0, spec.NumActions).Where(a => observation.ActionMask[a])];
            StepResult step = env.Step(allowed[random.NextInt(allowed.Length)]);
            observation = step.Terminated || step.Truncated ? env.Reset(seed + r + 1).Observation : step.Observation;
        }

        (env as IDisposable)?.Dispose();
        return batch;
    }
}
