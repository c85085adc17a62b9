using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

/// <summary>Issue 12, faults 8, 9 and 11 (OpenAPI): made-up methods, keyless floods, default rate limits, the document.</summary>
internal sealed class HostileTrafficTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    [Test]
    public async Task Metrics_ManyMadeUpMethods_AddNoSeries()
    {
        using HttpClient predictor = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpClient anonymous = Factory.ClientWith(null);
        int before = (await predictor.GetStringAsync("/metrics")).Split('\n').Length;
        for (int i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod($"M{i}"), $"/v1/policies/p{i}:act");
            (await anonymous.SendAsync(request)).Dispose();
        }

        string text = await predictor.GetStringAsync("/metrics");
        Assert.That(text, Does.Not.Contain("M299"));
        Assert.That(text.Split('\n').Length - before, Is.LessThan(60), "300 made-up methods and paths add a bounded number of lines");
    }

    [Test]
    public async Task Keyless_Flood_IsRateLimitedSampleLoggedAndHealthStillAnswers()
    {
        var logs = new CapturedLogs();
        using var factory = new HostingFactory(ModelsDir, new Dictionary<string, string?>
        {
            ["RagAgent:AnonymousPermitsPerSecond"] = "20",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        }, logs: logs);
        using HttpClient anonymous = factory.ClientWith(null);
        using HttpClient wrongKey = factory.ClientWith("not-a-key");
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 100; i++)
        {
            using HttpResponseMessage response = await (i % 2 == 0 ? anonymous : wrongKey).PostAsync("/v1/policies/nav:act", Json("{}"));
            statuses.Add(response.StatusCode);
        }

        using HttpResponseMessage health = await anonymous.GetAsync("/healthz");
        using HttpResponseMessage ready = await anonymous.GetAsync("/readyz");

        Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.OK));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string[] refusals = logs.Lines.Where(l => l.Contains("API key", StringComparison.Ordinal) || l.Contains("authenticated", StringComparison.Ordinal)
            || l.Contains("challenged", StringComparison.Ordinal)).ToArray();
        Assert.That(refusals, Has.Length.LessThanOrEqualTo(2), string.Join("\n", refusals.Take(5)));
    }

    [Test]
    public async Task DefaultRateLimit_ThousandsOfRequestsFromOneKey_AreNotThrottled()
    {
        using HttpClient predictor = Factory.ClientWith(HostingFactory.PredictKey);
        string body = new JsonObject { ["observation"] = Observation() }.ToJsonString();
        int throttled = 0;
        await Parallel.ForAsync(0, 5000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using HttpResponseMessage response = await predictor.PostAsync("/v1/policies/nav:act", Json(body), ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref throttled);
            }
        });

        Assert.That(throttled, Is.Zero);
    }

    [Test]
    public async Task OpenApi_NumberFields_MatchWhatTheServerAccepts()
    {
        using HttpClient predictor = Factory.ClientWith(HostingFactory.PredictKey);
        JsonElement document = JsonDocument.Parse(await predictor.GetStringAsync("/openapi/v1.json")).RootElement;
        JsonElement payload = document.GetProperty("components").GetProperty("schemas").GetProperty("ObservationPayload").GetProperty("properties");
        string taskIdSchema = payload.GetProperty("taskId").GetRawText();

        JsonObject observation = Observation();
        observation["taskId"] = "1";
        using HttpResponseMessage response = await predictor.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = observation }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the server reads numbers only as numbers");
        Assert.That(taskIdSchema, Does.Not.Contain("string"), "so the document must not allow strings: " + taskIdSchema);
    }
}
