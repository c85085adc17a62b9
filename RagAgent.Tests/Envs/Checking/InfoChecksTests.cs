using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Checking;
using RagAgent.Envs.GraphNav;

namespace RagAgent.Tests.Envs.Checking;

/// <summary>The env checker on infos: success only where the spec declares it, info values laid out by the spec.</summary>
public sealed class InfoChecksTests
{
    [Test]
    public void Check_SuccessFromAnEnvWithoutSuccess_ReportsSuccessUndeclared()
    {
        var env = new InfoTamperingEnv(new CartPoleEnv(), info => info with { IsSuccess = true });

        EnvCheckReport report = EnvChecker.Check(env, steps: 50);

        Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { EnvCheckKind.SuccessUndeclared }), report.ToString());
        Assert.That(report.Problems[0].Message, Does.Contain("HasSuccess = false"));
    }

    [Test]
    public void Check_MissingInfoValues_ReportsTheDeclaredKeys()
    {
        var env = new InfoTamperingEnv(new GraphNavEnv(), info => info with { Values = null });

        EnvCheckReport report = EnvChecker.Check(env, steps: 50);

        Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { EnvCheckKind.InfoValuesMismatch }), report.ToString());
        Assert.That(report.Problems[0].Message, Does.Contain("InfoKeys [distance]"));
    }

    [Test]
    public void Check_NonFiniteInfoValue_ReportsItsName()
    {
        var values = new InfoValues(new GraphNavEnv().Spec);
        values[0] = float.NaN;
        var env = new InfoTamperingEnv(new GraphNavEnv(), info => info with { Values = values });

        EnvCheckReport report = EnvChecker.Check(env, steps: 50);

        Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { EnvCheckKind.NonFiniteValue }), report.ToString());
        Assert.That(report.Problems[0].Message, Does.Contain("EnvInfo.Values[\"distance\"] is NaN"));
    }

    [Test]
    public void Check_InfoValuesNotFromTheSeed_ReportsNotDeterministic()
    {
        // A counter that survives Reset: the second run with the same seed reports other values.
        var values = new InfoValues(new GraphNavEnv().Spec);
        var env = new InfoTamperingEnv(new GraphNavEnv(), info =>
        {
            values[0]++;
            return info with { Values = values };
        });

        EnvCheckReport report = EnvChecker.Check(env, steps: 50);

        Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { EnvCheckKind.NotDeterministic }), report.ToString());
        Assert.That(report.Problems[0].Message, Does.Contain("the info values (EnvInfo.Values) differ"));
    }

    /// <summary>Passes every call through and rewrites the info.</summary>
    private sealed class InfoTamperingEnv(IEnv inner, Func<EnvInfo, EnvInfo> tamper) : IEnv
    {
        public EnvSpec Spec => inner.Spec;

        public ResetResult Reset(int? seed = null)
        {
            ResetResult reset = inner.Reset(seed);
            return reset with { Info = tamper(reset.Info) };
        }

        public StepResult Step(int action)
        {
            StepResult step = inner.Step(action);
            return step with { Info = tamper(step.Info) };
        }
    }
}
