using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Hosting.Models;

namespace RagAgent.Tests.Hosting;

internal sealed class ModelStoreTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    private static ByteArrayContent Checkpoint(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task<int> ActVersion(HttpClient client)
    {
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await ReadJson(response)).GetProperty("version").GetInt32();
    }

    [Test]
    public async Task List_AtStart_ShowsVersionsAndNewestActive()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        JsonElement body = await ReadJson(await client.GetAsync("/v1/policies"));

        JsonElement nav = body.GetProperty("policies").EnumerateArray().Single();
        Assert.That(nav.GetProperty("name").GetString(), Is.EqualTo("nav"));
        Assert.That(nav.GetProperty("activeVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(nav.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()), Is.EqualTo(new[] { "ready", "ready" }));
    }

    [Test]
    public async Task Describe_KnownPolicy_GivesSpec()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await client.GetAsync("/v1/policies/nav");
        JsonElement body = await ReadJson(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("observation").GetProperty("maxNodes").GetInt32(), Is.EqualTo(4));
        Assert.That(body.GetProperty("observation").GetProperty("numTasks").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("action").GetProperty("numActions").GetInt32(), Is.EqualTo(5));
        Assert.That(body.GetProperty("network").GetProperty("architecture").GetString(), Is.EqualTo("mlp"));

        using HttpResponseMessage missing = await client.GetAsync("/v1/policies/other");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Activate_OlderVersion_RollsBackAndSurvivesRestart()
    {
        using (HttpClient admin = Factory.ClientWith(HostingFactory.BothKey))
        {
            using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions/1:activate", null);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ReadJson(response)).GetProperty("activeVersion").GetInt32(), Is.EqualTo(1));
            Assert.That(await ActVersion(admin), Is.EqualTo(1));
        }

        Assert.That(File.ReadAllText(Path.Combine(ModelsDir, "nav", "active.json")), Does.Contain("\"version\":1"));
        Factory.Dispose();
        using var restarted = new HostingFactory(ModelsDir);
        using HttpClient client = restarted.ClientWith(HostingFactory.PredictKey);
        Assert.That(await ActVersion(client), Is.EqualTo(1));
    }

    [TestCase("/v1/policies/nav/versions/9:activate", "version")]
    [TestCase("/v1/policies/none/versions/1:activate", "name")]
    public async Task Activate_Unknown_Returns404(string route, string field)
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await admin.PostAsync(route, null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo(field));
    }

    [Test]
    public async Task Upload_ValidCheckpoint_CreatesNextVersionThatCanBeActivated()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions",
            Checkpoint(TestPolicy.Bytes(TestPolicy.Content(HostingFactory.Spec, 3))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        JsonElement created = await ReadJson(response);
        Assert.That(created.GetProperty("version").GetInt32(), Is.EqualTo(3));
        Assert.That(created.GetProperty("active").GetBoolean(), Is.False);
        Assert.That(File.Exists(Path.Combine(ModelsDir, "nav", "3", ModelStore.UploadFileName)), Is.True);
        Assert.That(await ActVersion(admin), Is.EqualTo(2), "a new version waits for :activate");

        using HttpResponseMessage activated = await admin.PostAsync("/v1/policies/nav/versions/3:activate", null);
        Assert.That(activated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ActVersion(admin), Is.EqualTo(3));
    }

    [Test]
    public async Task Upload_NewPolicy_CreatesAndActivatesIt()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/fresh/versions",
            Checkpoint(TestPolicy.Bytes(TestPolicy.Content(HostingFactory.Spec, 7))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadJson(response)).GetProperty("active").GetBoolean(), Is.True);
        using HttpResponseMessage act = await admin.PostAsync("/v1/policies/fresh:act", Json(new JsonObject { ["observation"] = Observation() }));
        Assert.That((await ReadJson(act)).GetProperty("value").GetDouble(), Is.EqualTo(7.0));
    }

    [Test]
    public async Task Upload_CorruptCheckpoint_Returns400AndKeepsServing()
    {
        byte[] bytes = TestPolicy.Bytes(TestPolicy.Content(HostingFactory.Spec, 3));
        bytes[^2] ^= 0x40;
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint(bytes));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        JsonElement problem = await ReadProblem(response);
        Assert.That(ProblemField(problem), Is.EqualTo("checkpoint"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("SHA-256"));
        Assert.That(Directory.Exists(Path.Combine(ModelsDir, "nav", "3")), Is.False);
        Assert.That(await ActVersion(admin), Is.EqualTo(2));
    }

    [Test]
    public async Task Upload_GarbageAndEmpty_Return400()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage garbage = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint([1, 2, 3, 4, 5, 6, 7, 8, 9]));
        using HttpResponseMessage empty = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint([]));
        using HttpResponseMessage badName = await admin.PostAsync("/v1/policies/..bad/versions", Checkpoint([1]));

        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badName.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Upload_WeightsNotFittingArchitecture_Returns400()
    {
        var content = TestPolicy.Content(HostingFactory.Spec, 3);
        content = content with { Weights = content.Weights.Where(w => w.Name != "marker").ToList() };
        using HttpClient admin = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint(TestPolicy.Bytes(content)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadProblem(response)).GetProperty("detail").GetString(), Does.Contain("marker"));
    }

    [Test]
    public async Task Upload_DifferentSpec_Returns409NamingSize()
    {
        var other = HostingFactory.Spec with { GlobalFeatureSize = 5 };
        using HttpClient admin = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint(TestPolicy.Bytes(TestPolicy.Content(other, 3))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await ReadProblem(response)).GetProperty("detail").GetString(), Does.Contain("GlobalFeatureSize"));
    }

    [Test]
    public async Task Upload_OverLimit_Returns413()
    {
        using var factory = new HostingFactory(ModelsDir, new Dictionary<string, string?> { ["RagAgent:MaxUploadBytes"] = "100" });
        using HttpClient admin = factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/nav/versions", Checkpoint(new byte[101]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Scan_CorruptVersionOnDisk_IsRejectedListedAndNeverServed()
    {
        string path = TestPolicy.WriteVersion(ModelsDir, "nav", 3, HostingFactory.Spec);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);

        JsonElement nav = (await ReadJson(await admin.GetAsync("/v1/policies/nav")));
        JsonElement v3 = nav.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 3);
        Assert.That(v3.GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(v3.GetProperty("error").GetString(), Does.Contain("SHA-256"));
        Assert.That(nav.GetProperty("activeVersion").GetInt32(), Is.EqualTo(2));

        using HttpResponseMessage activate = await admin.PostAsync("/v1/policies/nav/versions/3:activate", null);
        Assert.That(activate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ActVersion(admin), Is.EqualTo(2));
    }

    [Test]
    public async Task Scan_NewFolderAppears_IsPickedUpWithoutRestart()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.BothKey);
        Assert.That(await ActVersion(admin), Is.EqualTo(2));
        TestPolicy.WriteVersion(ModelsDir, "nav", 3, HostingFactory.Spec);
        TestPolicy.WriteVersion(ModelsDir, "other", 1, HostingFactory.Spec);
        Factory.Store.Scan();

        using HttpResponseMessage activate = await admin.PostAsync("/v1/policies/nav/versions/3:activate", null);
        Assert.That(activate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ActVersion(admin), Is.EqualTo(3));
        using HttpResponseMessage other = await admin.PostAsync("/v1/policies/other:act", Json(new JsonObject { ["observation"] = Observation() }));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Watcher_WithInterval_PicksUpAndAutoActivatesNewVersion()
    {
        using var factory = new HostingFactory(ModelsDir, new Dictionary<string, string?>
        {
            ["RagAgent:WatchIntervalSeconds"] = "0.05",
            ["RagAgent:AutoActivateNewVersions"] = "true",
        });
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
        Assert.That(await ActVersion(client), Is.EqualTo(2));
        TestPolicy.WriteVersion(ModelsDir, "nav", 3, HostingFactory.Spec);

        int version = 2;
        for (int i = 0; i < 100 && version != 3; i++)
        {
            await Task.Delay(20);
            version = await ActVersion(client);
        }

        Assert.That(version, Is.EqualTo(3));
    }

    [Test]
    public async Task Scan_StateFileChangedByAnotherReplica_IsFollowed()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        Assert.That(await ActVersion(client), Is.EqualTo(2));
        ActiveVersionFile.Write(ActiveVersionFile.PathOf(ModelsDir, "nav"), 1);
        Factory.Store.Scan();

        Assert.That(await ActVersion(client), Is.EqualTo(1));
    }

    [Test]
    public async Task Scan_VersionWithDifferentSpecOnDisk_IsRejectedNamingTheSize()
    {
        Assert.That(Factory.Store.IsLoaded, Is.True);
        TestPolicy.WriteVersion(ModelsDir, "nav", 3, HostingFactory.Spec with { NumTasks = 7 });
        Factory.Store.Scan();
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);

        JsonElement nav = await ReadJson(await client.GetAsync("/v1/policies/nav"));
        JsonElement v3 = nav.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 3);
        Assert.That(v3.GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(v3.GetProperty("error").GetString(), Does.Contain("NumTasks is 7, expected 2"));
        Assert.That(await ActVersion(client), Is.EqualTo(2));
    }
}
