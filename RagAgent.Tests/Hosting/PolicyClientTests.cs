using RagAgent.Envs.Abstractions;
using RagAgent.Hosting.Client;
using RagAgent.Hosting.Contracts;

namespace RagAgent.Tests.Hosting;

/// <summary>The typed client against the in-process server: an Observation in, the action out, refusals as exceptions.</summary>
internal sealed class PolicyClientTests : HostingTestBase
{
    /// <summary>The observation of <see cref="HostingTestBase.Observation"/>: task 1, nodes 1-3 of 4, actions 0, 2, 4 allowed.</summary>
    private static Observation TypedObservation()
    {
        var o = new Observation(HostingFactory.Spec) { TaskId = 1 };
        Array.Fill(o.NodeMask, false);
        for (int i = 0; i < 3; i++)
        {
            o.NodeIds[i] = i + 1;
            o.NodeMask[i] = true;
            o.NodeFeatures[2 * i] = 0.1f + (0.2f * i);
            o.NodeFeatures[(2 * i) + 1] = 0.2f + (0.2f * i);
        }

        o.Globals[0] = 0.1f;
        o.Globals[1] = 0.2f;
        o.Globals[2] = 0.3f;
        bool[] mask = [true, false, true, false, true];
        mask.CopyTo(o.ActionMask, 0);
        return o;
    }

    [Test]
    public async Task ActAsync_TypedObservation_GivesTheServersAnswer()
    {
        var client = new PolicyClient(Factory.CreateClient(), HostingFactory.PredictKey);

        ActResponse answer = await client.ActAsync("nav", TypedObservation());
        ActResponse first = await client.ActAsync("nav", TypedObservation(), version: 1);
        BatchActResponse batch = await client.ActBatchAsync("nav", [TypedObservation(), TypedObservation()]);

        Assert.That(answer.Version, Is.EqualTo(2));
        Assert.That(answer.Probabilities, Is.EqualTo(ExpectedProbabilities(2)).Within(1e-6));
        Assert.That(answer.Action, Is.EqualTo(4));
        Assert.That(first.Version, Is.EqualTo(1));
        Assert.That(first.Value, Is.EqualTo(1f));
        Assert.That(batch.Predictions.Select(p => p.Action), Is.EqualTo(new[] { 4, 4 }));
    }

    [Test]
    public void ActAsync_Refused_ThrowsNamingStatusAndField()
    {
        var client = new PolicyClient(Factory.CreateClient(), HostingFactory.PredictKey);
        Observation wrong = TypedObservation();
        wrong.ActionMask.AsSpan().Clear();

        var unknown = Assert.ThrowsAsync<PolicyClientException>(() => client.ActAsync("none", TypedObservation()));
        var invalid = Assert.ThrowsAsync<PolicyClientException>(() => client.ActAsync("nav", wrong));

        Assert.That(unknown!.StatusCode, Is.EqualTo(404));
        Assert.That(unknown.Field, Is.EqualTo("name"));
        Assert.That(invalid!.StatusCode, Is.EqualTo(400));
        Assert.That(invalid.Field, Is.EqualTo("observation.actionMask"));
    }
}
