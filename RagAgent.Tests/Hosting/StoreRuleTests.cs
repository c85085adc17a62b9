using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Hosting.Models;

namespace RagAgent.Tests.Hosting;

/// <summary>
/// Issue 12, faults 3, 4, 6, 7 and 11 (paths): the spec rule, unusable state files, abandoned uploads, immutable
/// versions, and no server paths in answers.
/// </summary>
internal sealed class StoreRuleTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("ragagent-rules").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Start_ConflictingNewerVersionWithoutStateFile_NeverDisplacesTheOlderSpec()
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec);
        TestPolicy.WriteVersion(_dir, "nav", 2, new RagAgent.Envs.Abstractions.EnvSpec { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2 });
        using var factory = new HostingFactory(_dir);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);

        JsonElement nav = await Describe(client);
        Assert.That(nav.GetProperty("activeVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(nav.GetProperty("observation").GetProperty("envId").GetString(), Is.EqualTo("test-nav"));
        Assert.That(Version(nav, 2).GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(Version(nav, 2).GetProperty("error").GetString(), Does.Contain("does not match the observation/action spec"));
    }

    [Test]
    public async Task Start_PersistedVersionAgreesWithNewest_OlderConflictingVersionIsRejected()
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec with { NumTasks = 7 });
        TestPolicy.WriteVersion(_dir, "nav", 2, HostingFactory.Spec);
        TestPolicy.WriteVersion(_dir, "nav", 3, HostingFactory.Spec);
        ActiveVersionFile.Write(ActiveVersionFile.PathOf(_dir, "nav"), 2);
        using var factory = new HostingFactory(_dir);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);

        JsonElement nav = await Describe(client);
        Assert.That(nav.GetProperty("activeVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(nav.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()),
            Is.EqualTo(new[] { "rejected", "ready", "ready" }));
    }

    [TestCase("[1]")]
    [TestCase("\"1\"")]
    [TestCase("1")]
    [TestCase("{\"version\":\"2\"}")]
    [TestCase("{\"version\":-4}")]
    [TestCase("not json")]
    public async Task Start_StateFileNotTheExpectedObject_IsLoggedAndIgnored(string content)
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec);
        TestPolicy.WriteVersion(_dir, "nav", 2, HostingFactory.Spec);
        File.WriteAllText(ActiveVersionFile.PathOf(_dir, "nav"), content);
        var logs = new CapturedLogs();
        using var factory = new HostingFactory(_dir, logs: logs);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);

        Assert.That((await Describe(client)).GetProperty("activeVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(logs.Lines, Has.Some.Contains("Ignored the state file of nav"));
    }

    [Test]
    public async Task Start_AbandonedUploadInStaging_IsRemovedButAHeldOneIsKept()
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec);
        string staging = Path.Combine(_dir, StagingArea.FolderName);
        Directory.CreateDirectory(staging);
        string abandoned = Path.Combine(staging, "abandoned.upload");
        File.WriteAllBytes(abandoned, new byte[1 << 20]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddMinutes(-1));
        string held = Path.Combine(staging, "held.upload");
        using (var holder = new FileStream(held, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            holder.Write(new byte[1024]);
            File.SetLastWriteTimeUtc(held, DateTime.UtcNow.AddMinutes(-1));
            using var factory = new HostingFactory(_dir);
            using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
            Assert.That((await Describe(client)).GetProperty("activeVersion").GetInt32(), Is.EqualTo(1));

            Assert.That(File.Exists(abandoned), Is.False, "a staged file nobody holds is left from a killed upload");
            Assert.That(File.Exists(held), Is.True, "a staged file held open is an upload in progress");
        }
    }

    [Test]
    public async Task Scan_ServedFileOverwritten_KeepsTheLoadedWeightsReportsItAndRejectsItAfterRestart()
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec);
        string path = TestPolicy.WriteVersion(_dir, "nav", 2, HostingFactory.Spec);
        using (var factory = new HostingFactory(_dir))
        {
            using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
            Assert.That(await ActValue(client), Is.EqualTo(2.0));

            RagAgent.Core.Training.CheckpointFile.Save(path, TestPolicy.Content(HostingFactory.Spec, 9));
            factory.Store.Scan();

            Assert.That(await ActValue(client), Is.EqualTo(2.0), "the content of version 2 never changes");
            JsonElement v2 = Version(await Describe(client), 2);
            Assert.That(v2.GetProperty("status").GetString(), Is.EqualTo("ready"));
            Assert.That(v2.GetProperty("warning").GetString(), Does.Contain("changed on disk"));
        }

        using var restarted = new HostingFactory(_dir);
        using HttpClient again = restarted.ClientWith(HostingFactory.PredictKey);
        JsonElement nav = await Describe(again);
        Assert.That(Version(nav, 2).GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(Version(nav, 2).GetProperty("error").GetString(), Does.Contain("changed after version 2 was first loaded"));
        Assert.That(await ActValue(again), Is.EqualTo(1.0), "the changed file is never served");
    }

    [Test]
    public async Task List_RejectedVersion_ReasonHoldsNoServerPath()
    {
        TestPolicy.WriteVersion(_dir, "nav", 1, HostingFactory.Spec);
        string path = TestPolicy.WriteVersion(_dir, "nav", 2, HostingFactory.Spec);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
        Directory.CreateDirectory(Path.Combine(_dir, "nav", "3"));
        File.WriteAllBytes(Path.Combine(_dir, "nav", "3", "a.safetensors"), [1, 2, 3]);
        using var factory = new HostingFactory(_dir);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);

        string list = await client.GetStringAsync("/v1/policies");
        Assert.That(list, Does.Contain("nav/2/checkpoint.safetensors"));
        Assert.That(list, Does.Contain("nav/3/a.safetensors"));
        Assert.That(list, Does.Not.Contain(_dir));
    }

    private static async Task<JsonElement> Describe(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync("/v1/policies/nav");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Version(JsonElement policy, int number) =>
        policy.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == number);

    private static async Task<double> ActValue(HttpClient client)
    {
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act",
            new StringContent(new JsonObject { ["observation"] = HostingTestBase.Observation() }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetDouble();
    }
}
