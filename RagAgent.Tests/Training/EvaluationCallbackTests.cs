using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.CartPole;
using RagAgent.Tests.Algorithms.Ppo.Doubles;
using RagAgent.Tests.Envs.Evaluation;

namespace RagAgent.Tests.Training;

public sealed class EvaluationCallbackTests
{
    private sealed class Session(IActorCritic policy) : ITrainingSession
    {
        public IActorCritic Policy => policy;

        public long GlobalStep => 0;

        public CheckpointContent CreateCheckpoint() => throw new NotSupportedException();
    }

    private static UpdateMetrics At(long step) => new(1, step, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    [Test]
    public void OnUpdate_EnvWithoutSuccess_WritesNoSuccessRate()
    {
        var env = new CartPoleEnv();
        var sink = new InMemoryMetricSink();
        var callback = new EvaluationCallback(env, everySteps: 10, episodes: 2, sink: sink);
        callback.OnTrainingStart(new Session(new LinearActorCritic(env.Spec, 1, 0)));

        callback.OnUpdate(At(10));

        Assert.That(callback.Results.Single().Result.SuccessRate, Is.Null);
        Assert.That(sink.Keys, Is.EquivalentTo(new[] { "eval/mean_return", "eval/std_return", "eval/mean_length" }));
    }

    [Test]
    public void OnUpdate_MultiGoalEnv_WritesTheSuccessRate()
    {
        var env = new ScriptedEnv();
        var sink = new InMemoryMetricSink();
        var callback = new EvaluationCallback(env, everySteps: 10, episodes: 9, seed: 0, sink: sink);
        callback.OnTrainingStart(new Session(new LinearActorCritic(env.Spec, 1, 0)));

        callback.OnUpdate(At(10));

        Assert.That(sink.Get("eval/success_rate").Single().Value, Is.EqualTo(6 / 9.0).Within(1e-12));
    }
}
