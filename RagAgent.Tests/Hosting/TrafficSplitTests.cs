using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Hosting.Models;

namespace RagAgent.Tests.Hosting;

/// <summary>Labels (stable, canary) and the weighted traffic split of unpinned :act requests.</summary>
internal sealed class TrafficSplitTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    [Test]
    public async Task Traffic_NinetyTen_SplitsUnpinnedRequestsExactlyAndSurvivesRestart()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        Assert.That((await admin.PutAsync("/v1/policies/nav/labels/stable", Json("{\"version\":2}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PutAsync("/v1/policies/nav/labels/canary", Json("{\"version\":1}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using HttpResponseMessage split = await admin.PutAsync("/v1/policies/nav/traffic", Json("{\"stable\":9,\"canary\":1}"));
        Assert.That(split.StatusCode, Is.EqualTo(HttpStatusCode.OK), await split.Content.ReadAsStringAsync());

        int[] versions = await Versions(admin, 100);
        JsonElement canary = await ReadJson(await admin.PostAsync("/v1/policies/nav/labels/canary:act", Json(new JsonObject { ["observation"] = Observation() })));

        Assert.That(versions.Count(v => v == 1), Is.EqualTo(10), "canary gets exactly 1 in 10");
        Assert.That(versions.Count(v => v == 2), Is.EqualTo(90));
        Assert.That(canary.GetProperty("version").GetInt32(), Is.EqualTo(1));
        JsonElement routing = (await ReadJson(await admin.GetAsync("/v1/policies/nav"))).GetProperty("routing");
        Assert.That(routing.GetProperty("labels").GetProperty("canary").GetInt32(), Is.EqualTo(1));
        Assert.That(routing.GetProperty("traffic").GetProperty("stable").GetInt32(), Is.EqualTo(9));

        Factory.Dispose();
        using var restarted = new HostingFactory(ModelsDir);
        using HttpClient again = restarted.ClientWith(HostingFactory.BothKey);
        Assert.That((await Versions(again, 10)).Count(v => v == 1), Is.EqualTo(1), "the split is persisted");
    }

    [Test]
    public async Task Labels_Refusals_NameTheFieldAndProtectLabelledVersions()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage badName = await admin.PutAsync("/v1/policies/nav/labels/Bad_Label", Json("{\"version\":1}"));
        using HttpResponseMessage missing = await admin.PutAsync("/v1/policies/nav/labels/canary", Json("{\"version\":9}"));
        using HttpResponseMessage unknownLabel = await admin.PutAsync("/v1/policies/nav/traffic", Json("{\"beta\":1}"));
        (await admin.PutAsync("/v1/policies/nav/labels/canary", Json("{\"version\":1}"))).Dispose();
        using HttpResponseMessage zero = await admin.PutAsync("/v1/policies/nav/traffic", Json("{\"canary\":0}"));
        using HttpResponseMessage delete = await admin.DeleteAsync("/v1/policies/nav/versions/1");
        using HttpResponseMessage predictor = await Factory.ClientWith(HostingFactory.PredictKey).PutAsync("/v1/policies/nav/traffic", Json("{}"));

        Assert.That(badName.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ProblemField(await ReadProblem(badName)), Is.EqualTo("label"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ProblemField(await ReadProblem(unknownLabel)), Is.EqualTo("traffic.beta"));
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a labelled version cannot be deleted");
        Assert.That(predictor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void LabelFor_Weights_AreExactOverEveryCycle()
    {
        var routing = new TrafficRouting(
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }.ToImmutableSortedDictionary(StringComparer.Ordinal),
            new Dictionary<string, int> { ["a"] = 3, ["b"] = 7 }.ToImmutableSortedDictionary(StringComparer.Ordinal));

        string?[] labels = Enumerable.Range(0, 1000).Select(i => routing.LabelFor(i)).ToArray();

        Assert.That(labels.Count(l => l == "a"), Is.EqualTo(300));
        Assert.That(labels.Count(l => l == "b"), Is.EqualTo(700));
        Assert.That(TrafficRouting.Empty.LabelFor(5), Is.Null);
    }

    private static async Task<int[]> Versions(HttpClient client, int count)
    {
        string body = new JsonObject { ["observation"] = Observation() }.ToJsonString();
        var versions = new int[count];
        for (int i = 0; i < count; i++)
        {
            versions[i] = (await ReadJson(await client.PostAsync("/v1/policies/nav:act", Json(body)))).GetProperty("version").GetInt32();
        }

        return versions;
    }
}
