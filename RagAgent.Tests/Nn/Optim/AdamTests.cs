using RagAgent.Core.Nn;
using RagAgent.Core.Nn.Optim;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;

namespace RagAgent.Tests.Nn.Optim;

public sealed class AdamTests
{
    private static readonly OptimizerOptions Options = new() { Epsilon = 1e-8f };

    private static (ParameterCollection Parameters, Parameter Theta) Scalar(float value)
    {
        var parameters = new ParameterCollection();
        Parameter theta = parameters.Add("theta", 1);
        theta.Value[0] = value;
        return (parameters, theta);
    }

    [Test]
    public void Step_TwoSteps_MatchesHandComputedValues()
    {
        // By hand, β = (0.9, 0.999), lr = 0.1, θ0 = 1:
        // t=1, g=0.5: m=0.05, v=2.5e-4, θ = 1 − (0.1/0.1)·0.05/(√2.5e-4/√1e-3 + ε) = 0.9
        // t=2, g=−1:  m=−0.055, v=1.24975e-3, θ = 0.9 − (0.1/0.19)·(−0.055)/(√1.24975e-3/√1.999e-3 + ε) = 0.93661035
        (ParameterCollection parameters, Parameter theta) = Scalar(1f);
        var adam = new Adam(parameters, Options);

        theta.Grad[0] = 0.5f;
        adam.Step(0.1f);
        float afterOne = theta.Value[0];
        theta.Grad[0] = -1f;
        adam.Step(0.1f);

        Assert.That(afterOne, Is.EqualTo(0.9f).Within(1e-6f));
        Assert.That(theta.Value[0], Is.EqualTo(0.93661035f).Within(1e-6f));
        Assert.That(adam.StepCount, Is.EqualTo(2));
    }

    [Test]
    public void Step_WithWeightDecay_DecaysDecoupledFromTheGradient()
    {
        // AdamW: θ ← θ(1 − lr·λ) then the Adam step of 0.1 from g = 0.5: 1 · (1 − 0.1·0.01) − 0.1 = 0.899.
        (ParameterCollection parameters, Parameter theta) = Scalar(1f);
        var adam = new Adam(parameters, Options with { WeightDecay = 0.01f });
        theta.Grad[0] = 0.5f;

        adam.Step(0.1f);

        Assert.That(theta.Value[0], Is.EqualTo(0.899f).Within(1e-6f));
    }

    [Test]
    public void ExportImport_ThenSameSteps_GiveBitIdenticalParameters()
    {
        (ParameterCollection p1, Parameter t1) = Scalar(1f);
        var adam1 = new Adam(p1, Options);
        foreach (float g in new[] { 0.3f, -0.7f, 0.2f })
        {
            t1.Grad[0] = g;
            adam1.Step(0.01f);
        }

        (ParameterCollection p2, Parameter t2) = Scalar(t1.Value[0]);
        var adam2 = new Adam(p2, Options);
        adam2.ImportState(adam1.ExportState());
        t1.Grad[0] = t2.Grad[0] = 0.9f;
        adam1.Step(0.01f);
        adam2.Step(0.01f);

        Assert.That(adam2.StepCount, Is.EqualTo(4));
        Assert.That(t2.Value[0], Is.EqualTo(t1.Value[0]));
        Assert.That(adam2.ExportState().Tensors.Select(t => t.ToFloat32()), Is.EqualTo(adam1.ExportState().Tensors.Select(t => t.ToFloat32())));
        Assert.That(adam2.ExportState().Counters, Is.EqualTo(adam1.ExportState().Counters));
    }

    [Test]
    public void ImportState_LargeStepCount_RoundTripsExactly()
    {
        (ParameterCollection parameters, _) = Scalar(0f);
        var adam = new Adam(parameters, Options);
        long big = (3L << 40) + 12345;

        adam.ImportState(new StateDict(
            new Dictionary<string, long> { [Adam.StepName] = big },
            [StateTensor.Float32("exp_avg.theta", [0.5f]), StateTensor.Float32("exp_avg_sq.theta", [0.25f])]));

        Assert.That(adam.StepCount, Is.EqualTo(big));
        Assert.That(adam.ExportState().Counters[Adam.StepName], Is.EqualTo(big));
    }

    [Test]
    public void ImportState_MissingMoment_ThrowsNamingIt()
    {
        (ParameterCollection parameters, _) = Scalar(0f);
        var adam = new Adam(parameters, Options);

        var e = Assert.Throws<ArgumentException>(() => adam.ImportState(new StateDict(new Dictionary<string, long> { [Adam.StepName] = 1 }, [])));

        Assert.That(e!.Message, Does.Contain("exp_avg.theta").And.Contain("[1]"));
        Assert.That(adam.StepCount, Is.Zero);
    }

    [Test]
    public void ClipGradNorm_AboveMax_ScalesToMaxAndReturnsPreClipNorm()
    {
        var parameters = new ParameterCollection();
        Parameter a = parameters.Add("a", 1);
        Parameter b = parameters.Add("b", 1);
        a.Grad[0] = 3f;
        b.Grad[0] = 4f;
        var adam = new Adam(parameters, Options);

        float norm = adam.ClipGradNorm(1f);

        Assert.That(norm, Is.EqualTo(5f).Within(1e-6f));
        Assert.That(a.Grad[0], Is.EqualTo(0.6f).Within(1e-5f));
        Assert.That(b.Grad[0], Is.EqualTo(0.8f).Within(1e-5f));
    }

    [Test]
    public void ClipGradNorm_BelowMax_LeavesGradientsAlone()
    {
        var parameters = new ParameterCollection();
        Parameter a = parameters.Add("a", 2);
        a.Grad[0] = 0.3f;
        a.Grad[1] = 0.4f;

        float norm = GradientClipping.ClipGradNorm(parameters, 0.5f + 1e-3f);

        Assert.That(norm, Is.EqualTo(0.5f).Within(1e-6f));
        Assert.That(a.Grad, Is.EqualTo(new[] { 0.3f, 0.4f }));
    }

    [Test]
    public void ZeroGrad_ClearsEveryGradient()
    {
        (ParameterCollection parameters, Parameter theta) = Scalar(0f);
        theta.Grad[0] = 3f;

        new Adam(parameters, Options).ZeroGrad();

        Assert.That(theta.Grad[0], Is.Zero);
    }
}
