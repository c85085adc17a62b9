using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Tests.Nn;

namespace RagAgent.Tests.Policies;

/// <summary>Random batches, random weights and whole-network gradient checks for <see cref="IActorCritic"/> tests.</summary>
internal static class PolicyTestKit
{
    public static readonly EnvSpec CartPole = new() { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2 };

    /// <summary>A batch of <paramref name="count"/> random rows: every part filled, some nodes padding, some actions
    /// masked (actions of padding nodes always), at least one action allowed per row.</summary>
    public static ObservationBatch RandomBatch(EnvSpec spec, int count, EnvRandom random)
    {
        var batch = new ObservationBatch(spec, count);
        Fill(batch.Globals, random);
        Fill(batch.GoalFeatures, random);
        Fill(batch.NodeFeatures, random);
        for (int r = 0; r < count; r++)
        {
            batch.TaskIds[r] = spec.NumTasks > 0 ? random.NextInt(spec.NumTasks) : 0;
            for (int n = 0; n < spec.MaxNodes; n++)
            {
                int i = (r * spec.MaxNodes) + n;
                batch.NodeIds[i] = spec.NodeVocabSize > 0 ? random.NextInt(spec.NodeVocabSize) : 0;
                batch.NodeMask[i] = n == 0 || random.NextFloat() < 0.7f;
            }

            for (int a = 0; a < spec.NumActions; a++)
            {
                bool onRealNode = a >= spec.NodeActions || batch.NodeMask[(r * spec.MaxNodes) + (a / spec.ActionsPerNode)];
                batch.ActionMasks[(r * spec.NumActions) + a] = onRealNode && (a == 0 || random.NextFloat() < 0.75f);
            }
        }

        return batch;
    }

    /// <summary>Asserts that two networks built with one seed have identical weights and a third seed gives others.</summary>
    public static void AssertSameSeedGivesSameWeights(EnvSpec spec, PolicyOptions options)
    {
        IReadOnlyList<NamedTensor> a = PolicyFactory.Create(spec, options, 5).ExportWeights();
        IReadOnlyList<NamedTensor> b = PolicyFactory.Create(spec, options, 5).ExportWeights();
        IReadOnlyList<NamedTensor> c = PolicyFactory.Create(spec, options, 6).ExportWeights();

        Assert.That(b.Select(t => t.Data), Is.EqualTo(a.Select(t => t.Data)));
        Assert.That(c.Select(t => t.Data), Is.Not.EqualTo(a.Select(t => t.Data)));
    }

    /// <summary>Replaces every weight with a uniform draw in [−scale, scale), so every gradient is sizeable.</summary>
    public static void RandomizeWeights(IActorCritic policy, EnvRandom random, float scale = 0.5f) =>
        policy.ImportWeights(policy.ExportWeights()
            .Select(t => t with { Data = GradientCheck.Random(t.Data.Length, random, scale) })
            .ToArray());

    /// <summary>
    /// L = Σ_{allowed} c·logits + Σ d·values; checks every parameter gradient from <see cref="IActorCritic.Backward"/>
    /// against central differences. The logit gradients at masked actions are set to large values the policy must ignore.
    /// </summary>
    public static void AssertGradientsMatchFiniteDifferences(IActorCritic policy, ObservationBatch batch, int count, EnvRandom random, float h = 1e-2f)
    {
        int actions = policy.Spec.NumActions;
        float[] c = GradientCheck.Random(count * actions, random);
        float[] d = GradientCheck.Random(count, random);
        var logits = new float[count * actions];
        var values = new float[count];
        float[] backwardC = (float[])c.Clone();
        for (int i = 0; i < c.Length; i++)
        {
            if (!batch.ActionMasks[i])
            {
                c[i] = 0f;
                backwardC[i] = 1000f;
            }
        }

        IPolicyOptimizer optimizer = policy.CreateOptimizer(new OptimizerOptions());
        optimizer.ZeroGrad();
        policy.Forward(batch, count, logits, values);
        policy.Backward(backwardC, d);

        // Read the gradients through a parameter view of the network (exported in the same order as ExportWeights).
        IReadOnlyList<(NamedTensor Tensor, float[] Value, float[] Grad)> views = Views(policy);
        double Loss()
        {
            policy.Forward(batch, count, logits, values);
            return GradientCheck.Dot(c, logits) + GradientCheck.Dot(d, values);
        }

        foreach ((NamedTensor tensor, float[] value, float[] grad) in views)
        {
            GradientCheck.AssertMatches(tensor.Name, value, grad, Loss, h);
        }
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> training iterations (zero grad, forward, backward with constant gradients,
    /// clip, Adam step) on <paramref name="count"/> rows after one warm-up iteration and asserts that they allocate
    /// nothing and leave no NaN in the logits and values.
    /// </summary>
    public static void AssertTrainingStepAllocatesNothing(IActorCritic policy, ObservationBatch batch, int count, int iterations)
    {
        IPolicyOptimizer optimizer = policy.CreateOptimizer(new OptimizerOptions());
        var logits = new float[count * policy.Spec.NumActions];
        var values = new float[count];
        float[] dLogits = Enumerable.Repeat(0.01f, logits.Length).ToArray();
        float[] dValues = Enumerable.Repeat(-0.02f, count).ToArray();

        void Iteration()
        {
            optimizer.ZeroGrad();
            policy.Forward(batch, count, logits, values);
            policy.Backward(dLogits, dValues);
            optimizer.ClipGradNorm(0.5f);
            optimizer.Step(2.5e-4f);
        }

        Iteration();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            Iteration();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(logits, Is.All.Not.NaN);
        Assert.That(values, Is.All.Not.NaN);
    }

    /// <summary>Live value and gradient buffers of the managed policies' parameters.</summary>
    public static IReadOnlyList<(NamedTensor Tensor, float[] Value, float[] Grad)> Views(IActorCritic policy)
    {
        Core.Nn.ParameterCollection parameters = policy is ManagedActorCritic managed
            ? managed.Parameters
            : throw new ArgumentException($"No parameter view for {policy.GetType().Name}.", nameof(policy));
        return parameters.Select(p => (new NamedTensor(p.Name, p.Shape, p.Value), p.Value, p.Grad)).ToArray();
    }

    private static void Fill(float[] values, EnvRandom random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextFloat(-1f, 1f);
        }
    }
}
