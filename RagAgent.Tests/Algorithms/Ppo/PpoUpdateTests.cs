using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Randomness;
using RagAgent.Tests.Algorithms.Ppo.Doubles;

namespace RagAgent.Tests.Algorithms.Ppo;

public sealed class PpoUpdateTests
{
    private const int Steps = 8;
    private const int Envs = 2;
    private const int Rows = Steps * Envs;
    private const int Actions = 4;

    private static readonly PpoOptions Options = new()
    {
        NumEnvs = Envs,
        NumSteps = Steps,
        NumMinibatches = 1,
        UpdateEpochs = 1,
        ClipCoef = 0.2f,
        EntCoef = 0.05f,
        VfCoef = 0.5f,
        ClipValueLoss = true,
        NormAdvantages = true,
    };

    /// <summary>A rollout whose old policy differs from the table policy, so ratios spread across the clip range.</summary>
    private static (TablePolicy Policy, RolloutBuffer Buffer) Setup(int seed)
    {
        var random = new EnvRandom(seed);
        var policy = new TablePolicy(Rows, Actions);
        var buffer = new RolloutBuffer(policy.Spec, Steps, Envs);
        for (int i = 0; i < policy.Logits.Length; i++)
        {
            policy.Logits[i] = random.NextFloat(-2f, 2f);
        }

        for (int i = 0; i < Rows; i++)
        {
            policy.Values[i] = random.NextFloat(-1f, 1f);
        }

        for (int t = 0; t < Steps; t++)
        {
            int[] actions = new int[Envs];
            float[] oldLogProbs = new float[Envs];
            float[] oldValues = new float[Envs];
            for (int e = 0; e < Envs; e++)
            {
                int row = (t * Envs) + e;
                buffer.Observations.Globals[row] = row;
                Span<bool> mask = buffer.Observations.ActionMasks.AsSpan(row * Actions, Actions);
                for (int j = 0; j < Actions; j++)
                {
                    mask[j] = random.NextFloat() < 0.7f;
                }

                mask[random.NextInt(Actions)] = true;
                float[] oldLogits = [.. policy.Logits.Skip(row * Actions).Take(Actions).Select(l => (float)l + random.NextFloat(-0.6f, 0.6f))];
                actions[e] = MaskedCategorical.Sample(oldLogits, mask, random, out oldLogProbs[e]);
                oldValues[e] = (float)policy.Values[row] + random.NextFloat(-0.5f, 0.5f);
            }

            buffer.Add(actions, oldLogProbs, oldValues, [random.NextFloat(), random.NextFloat()], [false, t == 3], [false, false], [0f, 0f]);
        }

        buffer.ComputeReturnsAndAdvantages([0.3f, -0.2f], 0.9f, 0.8f);
        return (policy, buffer);
    }

    /// <summary>The PPO loss written out independently, in double precision, as a function of the table.</summary>
    private static double ReferenceLoss(TablePolicy policy, RolloutBuffer buffer)
    {
        double mean = buffer.Advantages.Average(a => (double)a);
        double std = Math.Sqrt(buffer.Advantages.Sum(a => (a - mean) * (a - mean)) / (Rows - 1));
        double policyLoss = 0, valueLoss = 0, entropy = 0;
        double c = Options.ClipCoef;
        for (int row = 0; row < Rows; row++)
        {
            ReadOnlySpan<bool> mask = buffer.Observations.ActionMask(row);
            double max = double.NegativeInfinity;
            for (int j = 0; j < Actions; j++)
            {
                max = mask[j] ? Math.Max(max, policy.Logits[(row * Actions) + j]) : max;
            }

            double z = 0;
            for (int j = 0; j < Actions; j++)
            {
                z += mask[j] ? Math.Exp(policy.Logits[(row * Actions) + j] - max) : 0;
            }

            double logZ = max + Math.Log(z);
            for (int j = 0; j < Actions; j++)
            {
                if (mask[j])
                {
                    double lp = policy.Logits[(row * Actions) + j] - logZ;
                    entropy -= Math.Exp(lp) * lp;
                }
            }

            double ratio = Math.Exp(policy.Logits[(row * Actions) + buffer.Actions[row]] - logZ - buffer.LogProbs[row]);
            double advantage = (buffer.Advantages[row] - mean) / (std + 1e-8);
            policyLoss += Math.Max(-advantage * ratio, -advantage * Math.Clamp(ratio, 1 - c, 1 + c));

            double v = policy.Values[row];
            double vOld = buffer.Values[row];
            double target = buffer.Returns[row];
            double clipped = vOld + Math.Clamp(v - vOld, -c, c);
            valueLoss += 0.5 * Math.Max((v - target) * (v - target), (clipped - target) * (clipped - target));
        }

        return (policyLoss / Rows) - (Options.EntCoef * entropy / Rows) + (Options.VfCoef * valueLoss / Rows);
    }

    [Test]
    public void Run_GradientsPassedToBackward_MatchFiniteDifferencesOfTheLoss()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 21);
        var update = new PpoUpdate(policy, policy.CreateOptimizer(new()), Options);
        PpoUpdateStats stats = update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0));
        Assert.That(stats.ClipFraction, Is.GreaterThan(0f).And.LessThan(1f), "the case must exercise both branches");

        const double h = 1e-4;
        for (int i = 0; i < policy.Logits.Length; i++)
        {
            double saved = policy.Logits[i];
            policy.Logits[i] = saved + h;
            double up = ReferenceLoss(policy, buffer);
            policy.Logits[i] = saved - h;
            double down = ReferenceLoss(policy, buffer);
            policy.Logits[i] = saved;
            Assert.That(policy.LogitGradients[i], Is.EqualTo((up - down) / (2 * h)).Within(2e-4), $"logit {i}");
        }

        for (int i = 0; i < policy.Values.Length; i++)
        {
            double saved = policy.Values[i];
            policy.Values[i] = saved + h;
            double up = ReferenceLoss(policy, buffer);
            policy.Values[i] = saved - h;
            double down = ReferenceLoss(policy, buffer);
            policy.Values[i] = saved;
            Assert.That(policy.ValueGradients[i], Is.EqualTo((up - down) / (2 * h)).Within(2e-4), $"value {i}");
        }
    }

    [Test]
    public void Run_ReportedLosses_MatchReferenceLoss()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 22);
        var update = new PpoUpdate(policy, policy.CreateOptimizer(new()), Options);
        PpoUpdateStats stats = update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0));
        double total = stats.PolicyLoss - (Options.EntCoef * stats.Entropy) + (Options.VfCoef * stats.ValueLoss);
        Assert.That(total, Is.EqualTo(ReferenceLoss(policy, buffer)).Within(1e-5));
        Assert.That(stats.Epochs, Is.EqualTo(1));
        Assert.That(stats.Minibatches, Is.EqualTo(1));
    }

    [Test]
    public void Run_OldPolicyEqualsNewPolicy_RatioOneGivesZeroKlAndNoClipping()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 23);
        for (int row = 0; row < Rows; row++)
        {
            float[] logits = [.. policy.Logits.Skip(row * Actions).Take(Actions).Select(l => (float)l)];
            buffer.LogProbs[row] = MaskedCategorical.LogProb(logits, buffer.Observations.ActionMask(row), buffer.Actions[row]);
        }

        var update = new PpoUpdate(policy, policy.CreateOptimizer(new()), Options with { UpdateEpochs = 3, NumMinibatches = 4 });
        PpoUpdateStats stats = update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0));
        Assert.That(stats.ApproxKl, Is.Zero);
        Assert.That(stats.ClipFraction, Is.Zero);
        Assert.That(stats.Epochs, Is.EqualTo(3));
        Assert.That(stats.Minibatches, Is.EqualTo(12));
    }

    [Test]
    public void Run_TargetKlExceeded_StopsAfterFirstEpoch()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 24);
        var update = new PpoUpdate(policy, policy.CreateOptimizer(new()), Options with { UpdateEpochs = 5, TargetKl = 1e-6f });
        PpoUpdateStats stats = update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0));
        Assert.That(stats.ApproxKl, Is.GreaterThan(1e-6f));
        Assert.That(stats.Epochs, Is.EqualTo(1));
    }

    [Test]
    public void Run_NaNReturn_ThrowsNamingValueLossBeforeBackward()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 25);
        buffer.Returns[3] = float.NaN;
        var update = new PpoUpdate(policy, policy.CreateOptimizer(new()), Options);

        var e = Assert.Throws<ArithmeticException>(() => update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0)));

        Assert.That(e!.Message, Does.Contain("value loss is NaN").And.Contain("epoch 1, minibatch 1"));
        Assert.That(policy.ValueGradients, Is.All.Zero, "no gradient reaches the policy");
    }

    [Test]
    public void Run_InfiniteGradientNorm_ThrowsNamingItWithoutStepping()
    {
        (TablePolicy policy, RolloutBuffer buffer) = Setup(seed: 26);
        var optimizer = new InfiniteNormOptimizer();
        var update = new PpoUpdate(policy, optimizer, Options with { UpdateEpochs = 2 });

        var e = Assert.Throws<ArithmeticException>(() => update.Run(buffer, 1e-3f, Options.ClipCoef, new EnvRandom(0)));

        Assert.That(e!.Message, Does.Contain("gradient norm is infinite").And.Contain("epoch 1, minibatch 1"));
        Assert.That(optimizer.Steps, Is.Zero);
    }

    [Test]
    public void ExplainedVariance_KnownValues_MatchesFormula()
    {
        Assert.That(PpoUpdate.ExplainedVariance([1f, 2f, 3f], [1f, 2f, 3f]), Is.EqualTo(1f));
        // returns − values = [1, −1, 1]: Var = 8/9; Var(returns) = 2/3 → 1 − (8/9)/(2/3) = −1/3.
        Assert.That(PpoUpdate.ExplainedVariance([0f, 3f, 2f], [1f, 2f, 3f]), Is.EqualTo(-1f / 3f).Within(1e-6f));
        Assert.That(float.IsNaN(PpoUpdate.ExplainedVariance([0f, 1f], [2f, 2f])), Is.True);
    }

    /// <summary>Reports an infinite gradient norm and counts the steps it is asked to take.</summary>
    private sealed class InfiniteNormOptimizer : IPolicyOptimizer
    {
        public int Steps { get; private set; }

        public void ZeroGrad()
        {
        }

        public float ClipGradNorm(float maxNorm) => float.PositiveInfinity;

        public void Step(float learningRate) => Steps++;

        public StateDict ExportState() => StateDict.Empty;

        public void ImportState(StateDict state)
        {
        }
    }
}
