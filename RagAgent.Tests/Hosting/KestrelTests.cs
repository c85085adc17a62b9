using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using RagAgent.Hosting;
using RagAgent.Hosting.Security;
using RagAgent.Hosting.Server;

namespace RagAgent.Tests.Hosting;

/// <summary>The real server: Kestrel on 127.0.0.1 with an ephemeral port, real sockets.</summary>
internal sealed class KestrelTests
{
    [Test]
    public async Task Kestrel_OnLoopback_ServesActHealthAndEnforcesBodyLimit()
    {
        string dir = Directory.CreateTempSubdirectory("ragagent-kestrel").FullName;
        try
        {
            TestPolicy.WriteVersion(dir, "nav", 1, HostingFactory.Spec);
            WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RagAgent:ModelsDirectory"] = dir,
                ["RagAgent:WatchIntervalSeconds"] = "0",
                ["RagAgent:MaxRequestBodyBytes"] = "4096",
                ["RagAgent:ApiKeys:0:Name"] = "k",
                ["RagAgent:ApiKeys:0:Sha256"] = ApiKeyHasher.Hash("s3cret"),
                ["RagAgent:ApiKeys:0:Roles:0"] = ApiRoles.Predict,
            });
            builder.Services.AddRagAgentServer(builder.Configuration, TestPolicy.Build);
            await using WebApplication app = builder.Build();
            app.UseRagAgentServer();
            await app.StartAsync();
            string address = app.Urls.Single();
            Assert.That(address, Does.StartWith("http://127.0.0.1:"));

            using var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            using HttpResponseMessage health = await client.GetAsync("/healthz");
            using HttpResponseMessage act = await client.PostAsync("/v1/policies/nav:act",
                new StringContent(new JsonObject { ["observation"] = HostingTestBase.Observation() }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            string actBody = await act.Content.ReadAsStringAsync();

            // Chunked upload (no Content-Length) over the limit: Kestrel's own limit must give 413, not a broken connection.
            using var chunked = new StreamContent(new MemoryStream(new byte[20_000]));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/policies/nav:act") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            using HttpResponseMessage tooLarge = await client.SendAsync(request);
            await app.StopAsync();

            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(act.StatusCode, Is.EqualTo(HttpStatusCode.OK), actBody);
            Assert.That(JsonDocument.Parse(actBody).RootElement.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
