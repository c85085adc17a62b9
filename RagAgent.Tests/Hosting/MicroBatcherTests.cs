using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Models;

namespace RagAgent.Tests.Hosting;

internal sealed class MicroBatcherTests
{
    private static Observation Observation(int task, float global)
    {
        var o = new Observation(HostingFactory.Spec) { TaskId = task };
        o.Globals[0] = global;
        return o;
    }

    private static float[] Expected(IActorCritic policy, Observation o)
    {
        var batch = new ObservationBatch(policy.Spec, 1);
        batch.Write(0, o);
        float[] logits = new float[policy.Spec.NumActions];
        policy.Forward(batch, 1, logits, new float[1]);
        float[] p = new float[logits.Length];
        MaskedCategorical.Probabilities(logits, o.ActionMask, p);
        return p;
    }

    [Test]
    public async Task RunAsync_ConcurrentJobsWithWait_AreGatheredIntoOneFullForwardPass()
    {
        IActorCritic policy = TestPolicy.Build(TestPolicy.Content(HostingFactory.Spec, 2));
        var sizes = new List<int>();
        var batcher = new MicroBatcher(policy, 8, TimeSpan.FromSeconds(10), t => { lock (sizes) { sizes.Add(t.Size); } });
        ActJob[] jobs = Enumerable.Range(0, 8).Select(i => new ActJob([Observation(i % 2, i * 0.25f)], 5)).ToArray();

        await Task.WhenAll(jobs.Select(job => Task.Run(() => batcher.RunAsync(job))));

        // The leader waits (up to 10 s) until the queue holds a full batch; the 8th arrival wakes it at once.
        Assert.That(sizes, Is.EqualTo(new[] { 8 }));
        foreach (ActJob job in jobs)
        {
            Assert.That(job.Probabilities, Is.EqualTo(Expected(policy, job.Observations[0])).Within(1e-6f));
            Assert.That(job.Values[0], Is.EqualTo(2f));
        }
    }

    [Test]
    public async Task RunAsync_JobLargerThanMaxBatch_IsSplitAndEveryRowAnswered()
    {
        IActorCritic policy = TestPolicy.Build(TestPolicy.Content(HostingFactory.Spec, 3));
        var sizes = new List<int>();
        var batcher = new MicroBatcher(policy, 4, TimeSpan.Zero, t => sizes.Add(t.Size));
        var job = new ActJob(Enumerable.Range(0, 10).Select(i => Observation(i % 2, i)).ToArray(), 5);

        await batcher.RunAsync(job);

        Assert.That(sizes, Is.EqualTo(new[] { 4, 4, 2 }));
        for (int row = 0; row < 10; row++)
        {
            Assert.That(job.ProbabilitiesOf(row).ToArray(), Is.EqualTo(Expected(policy, job.Observations[row])).Within(1e-6f), $"row {row}");
        }
    }
}
