using FsCheck;
using FsCheck.Fluent;
using RagAgent.Core.Distributions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Distributions;

public sealed class MaskedCategoricalTests
{
    /// <summary>A random row: logits in [-20, 20] (some at the masked constant) and a mask with at least one true.</summary>
    private sealed record Case(float[] Logits, bool[] Mask, long Seed);

    private static List<Case> Cases(int count, ulong seed)
    {
        Gen<Case> gen =
            from n in Gen.Choose(1, 12)
            from logits in Gen.ArrayOf(
                Gen.Frequency(
                    (8, Gen.Choose(-20_000, 20_000).Select(i => i / 1000f)),
                    (1, Gen.Constant(ActionMasking.MaskedLogit))),
                n)
            from mask in Gen.ArrayOf(Gen.Elements(true, false), n).Where(m => m.Contains(true))
            from s in Gen.Choose(0, int.MaxValue)
            select new Case(logits, mask, s);
        return [.. gen.Sample(20, new Rnd(seed), count)];
    }

    [Test]
    public void Sample_WithRandomMasks_NeverReturnsMaskedAction()
    {
        foreach (Case c in Cases(300, 11))
        {
            var random = new EnvRandom(c.Seed);
            for (int k = 0; k < 50; k++)
            {
                int a = MaskedCategorical.Sample(c.Logits, c.Mask, random, out float logProb);
                Assert.That(c.Mask[a], Is.True, $"sampled forbidden action {a}");
                Assert.That(logProb, Is.EqualTo(MaskedCategorical.LogProb(c.Logits, c.Mask, a)));
            }
        }
    }

    [Test]
    public void LogProbAndEntropy_WithRandomMasks_MatchHandComputation()
    {
        foreach (Case c in Cases(300, 12))
        {
            // Reference in double precision over allowed actions only.
            double max = double.NegativeInfinity;
            for (int i = 0; i < c.Logits.Length; i++)
            {
                if (c.Mask[i])
                {
                    max = Math.Max(max, c.Logits[i]);
                }
            }

            double z = 0;
            for (int i = 0; i < c.Logits.Length; i++)
            {
                z += c.Mask[i] ? Math.Exp(c.Logits[i] - max) : 0;
            }

            double entropy = 0;
            var probs = new float[c.Logits.Length];
            MaskedCategorical.Probabilities(c.Logits, c.Mask, probs);
            for (int i = 0; i < c.Logits.Length; i++)
            {
                if (!c.Mask[i])
                {
                    Assert.That(probs[i], Is.Zero, "masked probability must be exactly 0");
                    continue;
                }

                double logP = c.Logits[i] - max - Math.Log(z);
                entropy -= Math.Exp(logP) * logP;
                // float32 has 24 bits: allow one part in 10^6 of the magnitude (the masked constant is 1e8).
                Assert.That(MaskedCategorical.LogProb(c.Logits, c.Mask, i), Is.EqualTo(logP).Within(Math.Max(1e-4, Math.Abs(logP) * 1e-6)));
                Assert.That(probs[i], Is.EqualTo(Math.Exp(logP)).Within(1e-5));
            }

            Assert.That(MaskedCategorical.Entropy(c.Logits, c.Mask), Is.EqualTo(entropy).Within(1e-4));
        }
    }

    [Test]
    public void Entropy_UniformOverThreeOfFiveAllowed_IsLogThree()
    {
        float[] logits = [0.5f, 0.5f, 7f, 0.5f, -3f];
        bool[] mask = [true, true, false, true, false];
        Assert.That(MaskedCategorical.Entropy(logits, mask), Is.EqualTo(Math.Log(3)).Within(1e-6));
        Assert.That(MaskedCategorical.LogProb(logits, mask, 1), Is.EqualTo(-Math.Log(3)).Within(1e-6));
        Assert.That(MaskedCategorical.Mode(logits, mask), Is.Zero);
    }

    [Test]
    public void Gradient_WithRandomMasks_MatchesFiniteDifferences()
    {
        foreach (Case c in Cases(100, 13))
        {
            // Finite differences need moderate logits: drop the masked constant at allowed entries.
            float[] logits = [.. c.Logits.Select((l, i) => c.Mask[i] ? Math.Clamp(l, -5f, 5f) : l)];
            int action = Array.IndexOf(c.Mask, true);
            const float a = 0.7f;
            const float b = -1.3f;
            var grad = new float[logits.Length];
            MaskedCategorical.Gradient(logits, c.Mask, action, a, b, grad);
            for (int j = 0; j < logits.Length; j++)
            {
                if (!c.Mask[j])
                {
                    Assert.That(grad[j], Is.Zero);
                    continue;
                }

                double Objective(float delta)
                {
                    float[] shifted = (float[])logits.Clone();
                    shifted[j] += delta;
                    return (a * (double)MaskedCategorical.LogProb(shifted, c.Mask, action))
                        + (b * (double)MaskedCategorical.Entropy(shifted, c.Mask));
                }

                const float h = 1e-2f;
                double numeric = (Objective(h) - Objective(-h)) / (2 * h);
                Assert.That(grad[j], Is.EqualTo(numeric).Within(2e-3), $"d/dlogit[{j}]");
            }
        }
    }

    [Test]
    public void Distribution_WithMaskedLogitAndLargeLogits_NeverNaN()
    {
        float[] logits = [100f, 0f, ActionMasking.MaskedLogit, ActionMasking.MaskedLogit];
        bool[] mask = [true, true, true, false];
        var probs = new float[4];
        var logProbs = new float[4];
        var grad = new float[4];
        MaskedCategorical.Probabilities(logits, mask, probs);
        MaskedCategorical.LogSoftmax(logits, mask, logProbs);
        MaskedCategorical.Gradient(logits, mask, 2, 1f, 1f, grad);
        float entropy = MaskedCategorical.Entropy(logits, mask);
        Assert.Multiple(() =>
        {
            Assert.That(probs.Any(float.IsNaN), Is.False);
            Assert.That(probs[0], Is.EqualTo(1f));
            Assert.That(probs[2], Is.Zero);
            Assert.That(probs[3], Is.Zero);
            Assert.That(logProbs[2], Is.EqualTo(ActionMasking.MaskedLogit - 100f));
            Assert.That(float.IsNegativeInfinity(logProbs[3]), Is.True);
            Assert.That(float.IsFinite(entropy), Is.True);
            Assert.That(grad.All(float.IsFinite), Is.True);
            Assert.That(grad[3], Is.Zero);
        });
    }

    [Test]
    public void Sample_FrequenciesOverManyDraws_MatchProbabilities()
    {
        float[] logits = [1f, 2f, 0f, 3f];
        bool[] mask = [true, true, false, true];
        var probs = new float[4];
        MaskedCategorical.Probabilities(logits, mask, probs);
        var counts = new int[4];
        var random = new EnvRandom(5);
        const int draws = 100_000;
        for (int k = 0; k < draws; k++)
        {
            counts[MaskedCategorical.Sample(logits, mask, random, out _)]++;
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.That(counts[i] / (double)draws, Is.EqualTo(probs[i]).Within(0.005), $"action {i}");
        }
    }

    [Test]
    public void Batch_EvaluateAndSample_AgreeWithRowMethods()
    {
        float[] logits = [0.1f, -0.4f, 2f, 1f, 1f, ActionMasking.MaskedLogit];
        bool[] masks = [true, true, false, true, true, false];
        var actions = new int[2];
        var logProbs = new float[2];
        var entropies = new float[2];
        var evaluated = new float[2];
        MaskedCategorical.SampleBatch(logits, masks, 3, new EnvRandom(3), actions, logProbs);
        MaskedCategorical.EvaluateBatch(logits, masks, 3, actions, evaluated, entropies);
        Assert.That(evaluated, Is.EqualTo(logProbs));
        Assert.That(entropies[1], Is.EqualTo(MathF.Log(2f)).Within(1e-6));
        MaskedCategorical.ModeBatch(logits, masks, 3, actions);
        Assert.That(actions, Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void LogProb_NoAllowedActionOrForbiddenAction_ThrowsNamingTheProblem()
    {
        float[] logits = [0f, 1f];
        Assert.That(() => MaskedCategorical.Entropy(logits, [false, false]), Throws.ArgumentException.With.Message.Contains("allows no action"));
        Assert.That(() => MaskedCategorical.LogProb(logits, [true, false], 1), Throws.ArgumentException.With.Message.Contains("forbidden"));
        Assert.That(() => MaskedCategorical.Entropy(logits, [true]), Throws.ArgumentException.With.Message.Contains("[actions]"));
    }

    [Test]
    public void LogProbAndSample_NaNLogitAtAllowedAction_ThrowNamingLogitsAndAction()
    {
        float[] logits = [0.5f, float.NaN, 1f];
        bool[] mask = [true, true, true];

        var logProb = Assert.Throws<ArgumentException>(() => MaskedCategorical.LogProb(logits, mask, 0));
        var sample = Assert.Throws<ArgumentException>(() => MaskedCategorical.Sample(logits, mask, new EnvRandom(1), out _));

        Assert.That(logProb!.ParamName, Is.EqualTo("logits"));
        Assert.That(logProb.Message, Does.Contain("NaN").And.Contain("allowed action 1"));
        Assert.That(sample!.ParamName, Is.EqualTo("logits"));
    }

    [Test]
    public void Entropy_NaNLogitAtForbiddenAction_IsIgnored()
    {
        float entropy = MaskedCategorical.Entropy([0f, float.NaN, 0f], [true, false, true]);

        Assert.That(entropy, Is.EqualTo(MathF.Log(2f)).Within(1e-6f));
    }
}
