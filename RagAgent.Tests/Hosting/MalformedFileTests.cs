using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

/// <summary>
/// Issue 12, faults 1 and 2: malformed checkpoint files (tensor offset 2^40, overflowing shape product, manifest
/// hidden sizes [46341, 46341], NaN/infinite weights with a valid hash), loaded by the real engine, dropped into the
/// models folder at start and into a running server. Each is rejected naming its file; the good policy keeps answering.
/// </summary>
internal sealed class MalformedFileTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Directory.CreateTempSubdirectory("ragagent-malformed").FullName;
        Write("good", 1, MalformedCheckpoints.Valid());
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Start_WithEveryMalformedFile_RejectsEachNamingItAndServesTheGoodPolicy()
    {
        foreach (string name in MalformedCheckpoints.Names)
        {
            Write(name, 1, MalformedCheckpoints.Make(name));
            Write("good", 2 + Array.IndexOf(MalformedCheckpoints.Names, name), MalformedCheckpoints.Make(name));
        }

        var logs = new CapturedLogs();
        using var factory = new HostingFactory(_dir, testPolicy: false, logs: logs);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);

        await AssertGoodPolicyAnswers(client, expectedVersion: 1);
        JsonElement list = JsonDocument.Parse(await client.GetStringAsync("/v1/policies")).RootElement;
        foreach (string name in MalformedCheckpoints.Names)
        {
            AssertRejected(list, name, 1, $"{name}/1/checkpoint.safetensors");
            AssertRejected(list, "good", 2 + Array.IndexOf(MalformedCheckpoints.Names, name), null);
            Assert.That(logs.Lines, Has.Some.Contains(Path.Combine(_dir, name, "1", "checkpoint.safetensors")),
                $"the log names the file of '{name}'");
        }
    }

    [Test]
    public async Task Watcher_MalformedFilesDroppedAtRunTime_AreRejectedAndTheServerKeepsAnswering()
    {
        using var factory = new HostingFactory(_dir, new Dictionary<string, string?> { ["RagAgent:WatchIntervalSeconds"] = "0.05" },
            testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
        await AssertGoodPolicyAnswers(client, expectedVersion: 1);

        foreach (string name in MalformedCheckpoints.Names)
        {
            Write(name, 1, MalformedCheckpoints.Make(name));
        }

        JsonElement list = default;
        for (int i = 0; i < 200 && !AllListed(list); i++)
        {
            await Task.Delay(25);
            list = JsonDocument.Parse(await client.GetStringAsync("/v1/policies")).RootElement;
        }

        foreach (string name in MalformedCheckpoints.Names)
        {
            AssertRejected(list, name, 1, $"{name}/1/checkpoint.safetensors");
        }

        await AssertGoodPolicyAnswers(client, expectedVersion: 1);
    }

    [TestCase("nan-weights", "finite")]
    [TestCase("hidden-46341", "[46341, 46341]")]
    public async Task Upload_Malformed_Returns400NamingTheProblem(string name, string expected)
    {
        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient admin = factory.ClientWith(HostingFactory.BothKey);
        using var body = new ByteArrayContent(MalformedCheckpoints.Make(name));
        using HttpResponseMessage response = await admin.PostAsync("/v1/policies/good/versions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(expected));
        await AssertGoodPolicyAnswers(admin, expectedVersion: 1);
    }

    private static bool AllListed(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object
        && MalformedCheckpoints.Names.All(n => list.GetProperty("policies").EnumerateArray().Any(p => p.GetProperty("name").GetString() == n
            && p.GetProperty("versions").GetArrayLength() == 1));

    private static void AssertRejected(JsonElement list, string policy, int version, string? file)
    {
        JsonElement entry = list.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == policy);
        JsonElement v = entry.GetProperty("versions").EnumerateArray().Single(x => x.GetProperty("version").GetInt32() == version);
        Assert.That(v.GetProperty("status").GetString(), Is.EqualTo("rejected"), $"{policy} v{version}");
        if (file is not null)
        {
            Assert.That(v.GetProperty("error").GetString(), Does.Contain(file), $"{policy} v{version} names its file");
        }
    }

    private static async Task AssertGoodPolicyAnswers(HttpClient client, int expectedVersion)
    {
        var body = new JsonObject
        {
            ["observation"] = new JsonObject { ["globals"] = new JsonArray(0.1, -0.2, 0.3, 0.05), ["actionMask"] = new JsonArray(true, true) },
        };
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/good:act",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("version").GetInt32(), Is.EqualTo(expectedVersion));
    }

    private void Write(string policy, int version, byte[] bytes)
    {
        string folder = Path.Combine(_dir, policy, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "checkpoint.safetensors"), bytes);
    }
}
