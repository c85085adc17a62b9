using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

internal sealed class AuthTests : HostingTestBase
{
    [TestCase("/healthz")]
    [TestCase("/readyz")]
    public async Task Health_WithoutKey_Returns200(string route)
    {
        using HttpClient client = Factory.ClientWith(null);
        using HttpResponseMessage response = await client.GetAsync(route);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("GET", "/v1/policies")]
    [TestCase("GET", "/v1/policies/nav")]
    [TestCase("POST", "/v1/policies/nav:act")]
    [TestCase("POST", "/v1/policies/nav/versions")]
    [TestCase("POST", "/v1/policies/nav/versions/1:activate")]
    [TestCase("GET", "/metrics")]
    [TestCase("GET", "/openapi/v1.json")]
    public async Task Route_WithoutKey_Returns401Problem(string method, string route)
    {
        using HttpClient client = Factory.ClientWith(null);
        using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = Json("{}") };
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("authorization"));
    }

    [TestCase("Bearer wrong-secret")]
    [TestCase("Basic cHJlZGljdDpzZWNyZXQ=")]
    [TestCase("Bearer ")]
    public async Task Act_WithBadCredentials_Returns401(string header)
    {
        using HttpClient client = Factory.ClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Act_WithAdminOnlyKey_Returns403Problem()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.AdminKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("authorization"));
    }

    [TestCase("/v1/policies/nav/versions/1:activate")]
    [TestCase("/v1/policies/nav/versions")]
    public async Task AdminRoute_WithPredictKey_Returns403(string route)
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync(route, new ByteArrayContent([1, 2, 3]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task OpenApi_WithKey_DescribesEveryRoute()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.GetAsync("/openapi/v1.json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        JsonElement paths = (await ReadJson(response)).GetProperty("paths");
        string[] names = paths.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "/v1/policies", "/v1/policies/{name}", "/v1/policies/{name}:act", "/v1/policies/{name}/versions",
            "/v1/policies/{name}/versions/{version}:activate", "/v1/policies/{name}/versions/{version}:act",
            "/v1/policies/{name}/versions/{version}:unload", "/v1/policies/{name}/versions/{version}", "/v1/policies/{name}/labels/{label}",
            "/v1/policies/{name}/traffic", "/v1/policies/{name}/labels/{label}:act", "/healthz", "/readyz", "/readyz/{name}",
        }), "every route of the library (the standalone server's /metrics is the Prometheus exporter's, outside the document)");
        Assert.That(paths.GetProperty("/v1/policies/{name}:act").GetProperty("post").GetProperty("requestBody").ToString(), Does.Contain("ActRequest"));
        JsonElement document = await ReadJson(await client.GetAsync("/openapi/v1.json"));
        Assert.That(document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
    }
}

internal sealed class RateLimitTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RagAgent:RateLimitPermitsPerSecond"] = "1",
        ["RagAgent:RateLimitBurst"] = "3",
    };

    [Test]
    public async Task Act_OverBurst_Returns429PerKey()
    {
        using HttpClient predictor = Factory.ClientWith(HostingFactory.PredictKey);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using HttpResponseMessage response = await predictor.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("authorization"));
                Assert.That(response.Headers.RetryAfter, Is.Not.Null);
            }
        }

        Assert.That(statuses.Take(3), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses.Last(), Is.EqualTo(HttpStatusCode.TooManyRequests));

        using HttpClient other = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage otherResponse = await other.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));
        Assert.That(otherResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), "each key has its own bucket");
    }
}
