using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.TorchSharp.Tests;

/// <summary>Specs, observations and rollouts shared by the parity tests (both engines see the same data).</summary>
internal static class ParityFixtures
{
    /// <summary>Globals, three tasks (one-hot task ids in the mlp input) and four actions with random masks.</summary>
    public static EnvSpec MlpSpec { get; } = new()
    {
        Id = "parity-mlp",
        NumTasks = 3,
        GlobalFeatureSize = 5,
        ExtraActions = 4,
        HasSuccess = false,
    };

    /// <summary>Tasks with goal features, globals, nodes with ids and features, node actions and extra actions.</summary>
    public static EnvSpec TaskNodeSpec { get; } = new()
    {
        Id = "parity-task-node",
        NumTasks = 3,
        GoalFeatureSize = 2,
        GlobalFeatureSize = 2,
        MaxNodes = 5,
        NodeVocabSize = 7,
        NodeFeatureSize = 3,
        ActionsPerNode = 2,
        ExtraActions = 2,
        HasSuccess = false,
    };

    /// <summary>Every embedding on, so that every parameter of the architecture is compared.</summary>
    public static PolicyOptions TaskNodeOptions { get; } = new()
    {
        Architecture = PolicyArchitecture.TaskNode,
        HiddenSizes = [16, 8],
        EmbeddingSize = 8,
        TaskIdEmbedding = IdEmbedding.Always,
        NodeIdEmbedding = IdEmbedding.Always,
    };

    public static PolicyOptions MlpOptions { get; } = new() { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [16, 8] };

    /// <summary>The spec and options of the fixture for <paramref name="architecture"/>.</summary>
    public static (EnvSpec Spec, PolicyOptions Options) For(PolicyArchitecture architecture) => architecture == PolicyArchitecture.Mlp
        ? (MlpSpec, MlpOptions)
        : (TaskNodeSpec, TaskNodeOptions);

    /// <summary>One PPO minibatch: 4 envs × 8 steps, one epoch, one minibatch.</summary>
    public static PpoOptions OneMinibatch { get; } = new()
    {
        NumEnvs = 4,
        NumSteps = 8,
        NumMinibatches = 1,
        UpdateEpochs = 1,
        EntCoef = 0.05f,
    };

    /// <summary>Random observations in rows [0, rows) of <paramref name="batch"/>: every row allows at least one action.</summary>
    public static void Fill(ObservationBatch batch, int rows, EnvRandom random)
    {
        EnvSpec s = batch.Spec;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < s.GlobalFeatureSize; i++)
            {
                batch.Globals[(r * s.GlobalFeatureSize) + i] = random.NextFloat(-2f, 2f);
            }

            batch.TaskIds[r] = s.NumTasks > 0 ? random.NextInt(s.NumTasks) : 0;
            for (int i = 0; i < s.GoalFeatureSize; i++)
            {
                batch.GoalFeatures[(r * s.GoalFeatureSize) + i] = random.NextFloat(-1f, 1f);
            }

            // Row 1 is all padding (pools to zeros); other rows have a random number of real nodes.
            int real = r == 1 ? 0 : 1 + random.NextInt(Math.Max(s.MaxNodes, 1));
            for (int n = 0; n < s.MaxNodes; n++)
            {
                int node = (r * s.MaxNodes) + n;
                batch.NodeMask[node] = n < real;
                batch.NodeIds[node] = n < real ? random.NextInt(s.NodeVocabSize) : -1;
                for (int i = 0; i < s.NodeFeatureSize; i++)
                {
                    batch.NodeFeatures[(node * s.NodeFeatureSize) + i] = n < real ? random.NextFloat(-1f, 1f) : 0f;
                }
            }

            // The env's action mask: random, never an action on a padding node (as envs do), at least one action allowed.
            Span<bool> mask = batch.ActionMasks.AsSpan(r * s.NumActions, s.NumActions);
            for (int a = 0; a < mask.Length; a++)
            {
                bool onPadding = a < s.NodeActions && a / s.ActionsPerNode >= real;
                mask[a] = !onPadding && random.NextFloat() < 0.6f;
            }

            int allowedRange = s.ExtraActions > 0 ? s.ExtraActions : real * s.ActionsPerNode;
            mask[s.NumActions - (s.ExtraActions > 0 ? s.ExtraActions : s.NodeActions) + random.NextInt(allowedRange)] = true;
        }
    }

    /// <summary>
    /// A full rollout for <paramref name="options"/>: random observations, actions sampled from
    /// <paramref name="behaviour"/>'s masked distribution, old log-probabilities and values perturbed so that the
    /// ratios spread across the clip range, random rewards, GAE computed.
    /// </summary>
    public static RolloutBuffer Rollout(IActorCritic behaviour, PpoOptions options, int seed)
    {
        var random = new EnvRandom(seed);
        EnvSpec spec = behaviour.Spec;
        int rows = options.BatchSize;
        int envs = options.NumEnvs;
        var buffer = new RolloutBuffer(spec, options.NumSteps, envs);
        Fill(buffer.Observations, rows, random);
        float[] logits = new float[rows * spec.NumActions];
        float[] values = new float[rows];
        behaviour.Forward(buffer.Observations, rows, logits, values);
        for (int t = 0; t < options.NumSteps; t++)
        {
            int[] actions = new int[envs];
            float[] logProbs = new float[envs];
            float[] oldValues = new float[envs];
            float[] rewards = new float[envs];
            bool[] terminated = new bool[envs];
            for (int e = 0; e < envs; e++)
            {
                int row = (t * envs) + e;
                ReadOnlySpan<float> rowLogits = logits.AsSpan(row * spec.NumActions, spec.NumActions);
                actions[e] = MaskedCategorical.Sample(rowLogits, buffer.Observations.ActionMask(row), random, out float logProb);
                logProbs[e] = logProb + random.NextFloat(-0.4f, 0.4f);
                oldValues[e] = values[row] + random.NextFloat(-0.5f, 0.5f);
                rewards[e] = random.NextFloat(-1f, 1f);
                terminated[e] = random.NextFloat() < 0.1f;
            }

            buffer.Add(actions, logProbs, oldValues, rewards, terminated, new bool[envs], new float[envs]);
        }

        buffer.ComputeReturnsAndAdvantages(new float[envs], options.Gamma, options.GaeLambda);
        return buffer;
    }

    /// <summary>Asserts max |a − b| ≤ <paramref name="relative"/> · max(max |a|, tiny) for every tensor, matched by name and shape.</summary>
    public static void AssertClose(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual, double relative, string what)
    {
        Assert.That(actual.Select(t => t.Name), Is.EqualTo(expected.Select(t => t.Name)), $"{what}: names");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.That(actual[i].Shape, Is.EqualTo(expected[i].Shape), $"{what} '{expected[i].Name}': shape");
            AssertClose(expected[i].Data, actual[i].Data, relative, $"{what} '{expected[i].Name}'");
        }
    }

    /// <summary>Asserts max |a − b| ≤ <paramref name="relative"/> · max(max |a|, 1e-6).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        double scale = 1e-6, worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            if (!(diff <= worst))
            {
                worst = diff;
                worstIndex = i;
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(relative * scale),
            $"{what}: max |difference| {worst:G3} at [{worstIndex}] exceeds {relative:G2} × scale {scale:G3}");
    }
}
