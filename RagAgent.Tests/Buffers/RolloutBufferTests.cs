using RagAgent.Core.Buffers;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Buffers;

public sealed class RolloutBufferTests
{
    private static readonly EnvSpec Spec = new() { Id = "test", GlobalFeatureSize = 1, ExtraActions = 2 };

    [Test]
    public void ComputeReturnsAndAdvantages_TerminationAndTruncation_MatchHandComputation()
    {
        // Two envs, four steps, γ = 0.9, λ = 0.8.
        // Env 0: V = [1, 2, 3, 4], r = 1 each; terminated on step 1; truncated on step 2 with V(final) = 10;
        //        V after the rollout = 5.
        //   t3: δ = 1 + 0.9·5 − 4 = 1.5                       A3 = 1.5
        //   t2: δ = (1 + 0.9·10) − 3 = 7 (episode end)        A2 = 7
        //   t1: δ = 1 − 2 = −1 (terminal, no bootstrap)       A1 = −1
        //   t0: δ = 1 + 0.9·2 − 1 = 1.8                       A0 = 1.8 + 0.72·(−1) = 1.08
        // Env 1: V = 0, r = 1 each, no episode end, V after = 0:
        //   A3 = 1, A2 = 1 + 0.72·1 = 1.72, A1 = 1 + 0.72·1.72 = 2.2384, A0 = 1 + 0.72·2.2384 = 2.611648.
        var buffer = new RolloutBuffer(Spec, numSteps: 4, numEnvs: 2);
        float[] values0 = [1f, 2f, 3f, 4f];
        for (int t = 0; t < 4; t++)
        {
            buffer.Add(
                actions: [0, 1],
                logProbs: [-0.5f, -0.5f],
                values: [values0[t], 0f],
                rewards: [1f, 1f],
                terminated: [t == 1, false],
                truncated: [t == 2, false],
                finalValues: [t == 2 ? 10f : 99f, 99f]);
        }

        buffer.ComputeReturnsAndAdvantages([5f, 0f], gamma: 0.9f, gaeLambda: 0.8f);

        float[] expected = [1.08f, 2.611648f, -1f, 2.2384f, 7f, 1.72f, 1.5f, 1f];
        float[] expectedReturns = [2.08f, 2.611648f, 1f, 2.2384f, 10f, 1.72f, 5.5f, 1f];
        Assert.That(buffer.Advantages, Is.EqualTo(expected).Within(1e-5f));
        Assert.That(buffer.Returns, Is.EqualTo(expectedReturns).Within(1e-5f));
        Assert.That(buffer.Rewards, Is.All.EqualTo(1f), "stored rewards stay the env's own");
    }

    [Test]
    public void ComputeReturnsAndAdvantages_TerminatedAndTruncatedOnOneStep_DoesNotBootstrap()
    {
        var buffer = new RolloutBuffer(Spec, numSteps: 1, numEnvs: 1);
        buffer.Add([0], [0f], [2f], [1f], [true], [true], [50f]);
        buffer.ComputeReturnsAndAdvantages([7f], gamma: 0.99f, gaeLambda: 0.95f);
        Assert.That(buffer.Advantages[0], Is.EqualTo(-1f));
        Assert.That(buffer.FinalValues[0], Is.Zero);
    }

    [Test]
    public void Add_WhenFullOrWrongLength_ThrowsNamingTheProblem()
    {
        var buffer = new RolloutBuffer(Spec, numSteps: 1, numEnvs: 2);
        Assert.That(
            () => buffer.Add([0], [0f, 0f], [0f, 0f], [0f, 0f], [false, false], [false, false], [0f, 0f]),
            Throws.ArgumentException.With.Message.Contains("actions has 1 entries; expected [NumEnvs] = 2"));
        buffer.Add([0, 0], [0f, 0f], [0f, 0f], [0f, 0f], [false, false], [false, false], [0f, 0f]);
        Assert.That(buffer.IsFull, Is.True);
        Assert.That(
            () => buffer.Add([0, 0], [0f, 0f], [0f, 0f], [0f, 0f], [false, false], [false, false], [0f, 0f]),
            Throws.InvalidOperationException.With.Message.Contains("full"));
        buffer.Clear();
        Assert.That(buffer.Count, Is.Zero);
        Assert.That(() => buffer.ComputeReturnsAndAdvantages([0f, 0f], 0.99f, 0.95f), Throws.InvalidOperationException);
    }

    [Test]
    public void Add_NaNRewardOrInfiniteValue_ThrowsNamingSpanAndEnvAndStoresNothing()
    {
        var buffer = new RolloutBuffer(Spec, numSteps: 1, numEnvs: 2);

        var reward = Assert.Throws<ArgumentException>(
            () => buffer.Add([0, 0], [0f, 0f], [0f, 0f], [0f, float.NaN], [false, false], [false, false], [0f, 0f]));
        var value = Assert.Throws<ArgumentException>(
            () => buffer.Add([0, 0], [0f, 0f], [float.PositiveInfinity, 0f], [0f, 0f], [false, false], [false, false], [0f, 0f]));

        Assert.That(reward!.ParamName, Is.EqualTo("rewards"));
        Assert.That(reward.Message, Does.Contain("rewards[1] is NaN"));
        Assert.That(value!.ParamName, Is.EqualTo("values"));
        Assert.That(value.Message, Does.Contain("values[0] is infinite"));
        Assert.That(buffer.Count, Is.Zero);
    }

    [TestCase(1.5f, 0.95f, "gamma")]
    [TestCase(0.99f, float.NaN, "gaeLambda")]
    [TestCase(-0.1f, 0.95f, "gamma")]
    public void ComputeReturnsAndAdvantages_DiscountOutsideUnitInterval_ThrowsNamingIt(float gamma, float gaeLambda, string name)
    {
        var buffer = new RolloutBuffer(Spec, numSteps: 1, numEnvs: 1);
        buffer.Add([0], [0f], [0f], [1f], [false], [false], [0f]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.ComputeReturnsAndAdvantages([0f], gamma, gaeLambda));

        Assert.That(e!.ParamName, Is.EqualTo(name));
    }
}
