using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;

namespace RagAgent.Tests.Envs.Evaluation;

/// <summary>The evaluation follows the spec's declaration of success (<see cref="EnvSpec.HasSuccess"/>).</summary>
public sealed class EpisodeRunnerHasSuccessTests
{
    [Test]
    public void Run_MultiGoalEnvDeclaringNoSuccess_SuccessRateIsNotDefined()
    {
        var env = new NoSuccessEnv(new ScriptedEnv(), reportSuccess: false);

        EvaluationResult result = EpisodeRunner.Run(env, new FixedActionPolicy(0), new EvaluationOptions { Episodes = 6 });

        Assert.That(env.Spec.NumTasks, Is.EqualTo(3), "goal-conditioned, which alone would define success");
        Assert.That(result.SuccessRate, Is.Null);
    }

    [Test]
    public void Run_EnvDeclaringNoSuccessReportsOne_ThrowsNamingTheDeclaration()
    {
        var env = new NoSuccessEnv(new ScriptedEnv(), reportSuccess: true);

        var e = Assert.Throws<InvalidOperationException>(() => EpisodeRunner.Run(env, new FixedActionPolicy(0), new EvaluationOptions { Episodes = 3 }));
        Assert.That(e!.Message, Does.Contain("the env's spec says HasSuccess = false"));
    }

    /// <summary>The scripted env with a spec saying it has no notion of success.</summary>
    private sealed class NoSuccessEnv(IEnv inner, bool reportSuccess) : IEnv
    {
        public EnvSpec Spec { get; } = inner.Spec with { HasSuccess = false };

        public ResetResult Reset(int? seed = null) => inner.Reset(seed);

        public StepResult Step(int action)
        {
            StepResult step = inner.Step(action);
            return reportSuccess ? step : step with { Info = step.Info with { IsSuccess = false } };
        }
    }
}
