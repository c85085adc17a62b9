using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

/// <summary>What serving users expect: a pinned version, unload and delete, per-policy readiness, per-version metrics.</summary>
internal sealed class ServingFeatureTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    [Test]
    public async Task ActVersion_PinnedVersion_AnswersWithItWhileTheActiveOneStays()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        string body = new JsonObject { ["observation"] = Observation() }.ToJsonString();

        JsonElement pinned = await ReadJson(await client.PostAsync("/v1/policies/nav/versions/1:act", Json(body)));
        JsonElement active = await ReadJson(await client.PostAsync("/v1/policies/nav:act", Json(body)));
        using HttpResponseMessage missing = await client.PostAsync("/v1/policies/nav/versions/9:act", Json(body));

        Assert.That(pinned.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(pinned.GetProperty("value").GetDouble(), Is.EqualTo(1.0));
        Assert.That(active.GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ProblemField(await ReadProblem(missing)), Is.EqualTo("version"));
        string[] metrics = (await client.GetStringAsync("/metrics")).Split('\n');
        Assert.That(metrics, Has.One.Matches<string>(l => l.StartsWith("ragagent_batch_size_count{", StringComparison.Ordinal)
            && l.Contains("version=\"1\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)));
        Assert.That(metrics, Has.One.Matches<string>(l => l.StartsWith("ragagent_batch_size_count{", StringComparison.Ordinal)
            && l.Contains("version=\"2\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Unload_InactiveVersion_StopsServingItUntilActivated()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        string body = new JsonObject { ["observation"] = Observation() }.ToJsonString();

        using HttpResponseMessage active = await admin.PostAsync("/v1/policies/nav/versions/2:unload", null);
        using HttpResponseMessage unloaded = await admin.PostAsync("/v1/policies/nav/versions/1:unload", null);
        using HttpResponseMessage pinned = await admin.PostAsync("/v1/policies/nav/versions/1:act", Json(body));
        string status = Version(await ReadJson(await admin.GetAsync("/v1/policies/nav")), 1).GetProperty("status").GetString()!;
        using HttpResponseMessage activated = await admin.PostAsync("/v1/policies/nav/versions/1:activate", null);
        JsonElement answer = await ReadJson(await admin.PostAsync("/v1/policies/nav:act", Json(body)));

        Assert.That(active.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the served version cannot be unloaded");
        Assert.That(unloaded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status, Is.EqualTo("unloaded"));
        Assert.That(pinned.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(activated.StatusCode, Is.EqualTo(HttpStatusCode.OK), "activation loads it again");
        Assert.That(answer.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(answer.GetProperty("value").GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public async Task Delete_InactiveVersion_RemovesItsFolderAndEntry()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        using HttpClient predictor = Factory.ClientWith(HostingFactory.PredictKey);

        using HttpResponseMessage forbidden = await predictor.DeleteAsync("/v1/policies/nav/versions/1");
        using HttpResponseMessage active = await admin.DeleteAsync("/v1/policies/nav/versions/2");
        using HttpResponseMessage deleted = await admin.DeleteAsync("/v1/policies/nav/versions/1");
        using HttpResponseMessage again = await admin.DeleteAsync("/v1/policies/nav/versions/1");
        JsonElement nav = await ReadJson(await admin.GetAsync("/v1/policies/nav"));

        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(active.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Directory.Exists(Path.Combine(ModelsDir, "nav", "1")), Is.False);
        Assert.That(nav.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 2 }));
        Factory.Store.Scan();
        Assert.That((await ReadJson(await admin.GetAsync("/v1/policies/nav"))).GetProperty("versions").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task ReadyzPolicy_ByName_TellsWhetherThatPolicyServes()
    {
        string broken = TestPolicy.WriteVersion(ModelsDir, "broken", 1, HostingFactory.Spec);
        File.WriteAllBytes(broken, [1, 2, 3]);
        Factory.Store.Scan();
        using HttpClient anonymous = Factory.ClientWith(null);

        using HttpResponseMessage nav = await anonymous.GetAsync("/readyz/nav");
        using HttpResponseMessage notReady = await anonymous.GetAsync("/readyz/broken");
        using HttpResponseMessage unknown = await anonymous.GetAsync("/readyz/none");

        Assert.That(nav.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static JsonElement Version(JsonElement policy, int number) =>
        policy.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == number);
}
