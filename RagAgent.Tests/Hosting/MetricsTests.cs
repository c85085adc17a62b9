using System.Net;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

internal sealed class MetricsTests : HostingTestBase
{
    [Test]
    public async Task Metrics_AfterRequests_ExposesRequestDurationsBatchTimesAndVersions()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        for (int i = 0; i < 3; i++)
        {
            (await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }))).Dispose();
        }

        using HttpClient anonymous = Factory.ClientWith(null);
        (await anonymous.PostAsync("/v1/policies/nav:act", Json("{}"))).Dispose();

        using HttpResponseMessage response = await client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();
        string[] lines = text.Split('\n');

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(Value(lines, "http_server_request_duration_seconds_count", "http_route=\"/v1/policies/{name}:act\"", "http_response_status_code=\"200\""),
            Is.EqualTo(3), text);
        Assert.That(Value(lines, "http_server_request_duration_seconds_count", "http_route=\"/v1/policies/{name}:act\"", "http_response_status_code=\"401\""),
            Is.EqualTo(1), text);
        Assert.That(Value(lines, "ragagent_batch_size_count", "policy=\"nav\"", "version=\"2\""), Is.EqualTo(3), text);
        Assert.That(Value(lines, "ragagent_batch_queue_duration_seconds_count", "policy=\"nav\"", "version=\"2\""), Is.EqualTo(3), text);
        Assert.That(Value(lines, "ragagent_batch_compute_duration_seconds_count", "policy=\"nav\"", "version=\"2\""), Is.EqualTo(3), text);
        Assert.That(Value(lines, "ragagent_active_version", "policy=\"nav\""), Is.EqualTo(2), text);
        Assert.That(Value(lines, "ragagent_versions", "policy=\"nav\"", "status=\"ready\""), Is.EqualTo(2), text);
        Assert.That(text, Does.Not.Contain(HostingFactory.PredictKey));
    }

    /// <summary>The value of the one series of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Value(string[] lines, string name, params string[] labels)
    {
        string[] matches = lines.Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l.Contains)).ToArray();
        Assert.That(matches, Has.Length.EqualTo(1), $"{name} with {string.Join(", ", labels)}");
        return double.Parse(matches[0][(matches[0].LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
