using System.Net;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

internal sealed class MetricsTests : HostingTestBase
{
    [Test]
    public async Task Metrics_AfterRequests_ExposesCountsLatencyBatchSizesAndActiveVersion()
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

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Does.StartWith("text/plain; version=0.0.4"));
        Assert.That(text, Does.Contain("ragagent_http_requests_total{route=\"/v1/policies/{name}:act\",method=\"POST\",status=\"200\"} 3\n"));
        Assert.That(text, Does.Contain("ragagent_http_requests_total{route=\"/v1/policies/{name}:act\",method=\"POST\",status=\"401\"} 1\n"));
        Assert.That(text, Does.Contain("# TYPE ragagent_http_request_duration_seconds histogram"));
        Assert.That(text, Does.Contain("ragagent_http_request_duration_seconds_bucket{route=\"/v1/policies/{name}:act\",le=\"+Inf\"} 4\n"));
        Assert.That(text, Does.Contain("ragagent_batch_size_bucket{policy=\"nav\",version=\"2\",le=\"1\"} 3\n"));
        Assert.That(text, Does.Contain("ragagent_batch_size_count{policy=\"nav\",version=\"2\"} 3\n"));
        Assert.That(text, Does.Contain("ragagent_batch_queue_seconds_count{policy=\"nav\",version=\"2\"} 3\n"));
        Assert.That(text, Does.Contain("ragagent_batch_compute_seconds_count{policy=\"nav\",version=\"2\"} 3\n"));
        Assert.That(text, Does.Contain("ragagent_active_version{policy=\"nav\"} 2\n"));
        Assert.That(text, Does.Contain("ragagent_versions{policy=\"nav\",status=\"ready\"} 2\n"));
        Assert.That(text, Does.Not.Contain(HostingFactory.PredictKey));
    }
}
