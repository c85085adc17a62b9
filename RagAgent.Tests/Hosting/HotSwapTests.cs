using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

internal sealed class HotSwapTests : HostingTestBase
{
    protected override bool FreshServerPerTest => true;

    /// <summary>Cost: about 1 s (8 clients × 60 requests while versions flip 40 times).</summary>
    [Test]
    public async Task Activate_UnderConcurrentRequests_NoFailureAndEveryAnswerFromOneWholeVersion()
    {
        using HttpClient admin = Factory.ClientWith(HostingFactory.AdminKey);
        var failures = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource();

        async Task Client(int id)
        {
            using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
            for (int i = 0; i < 60; i++)
            {
                bool batch = (i + id) % 3 == 0;
                JsonNode body = batch
                    ? new JsonObject { ["instances"] = new JsonArray(new JsonObject { ["observation"] = Observation() }, new JsonObject { ["observation"] = Observation() }) }
                    : new JsonObject { ["observation"] = Observation() };
                using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(body));
                string text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{response.StatusCode}: {text}");
                    continue;
                }

                JsonElement json = JsonDocument.Parse(text).RootElement;
                JsonElement[] answers = batch ? json.GetProperty("predictions").EnumerateArray().ToArray() : [json];
                int version = json.GetProperty("version").GetInt32();
                versionsSeen.AddOrUpdate(version, 1, (_, n) => n + 1);
                foreach (JsonElement answer in answers)
                {
                    double[] p = answer.GetProperty("probabilities").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                    bool whole = answer.GetProperty("version").GetInt32() == version
                        && answer.GetProperty("value").GetDouble() == version
                        && p.Zip(ExpectedProbabilities(version)).All(t => Math.Abs(t.First - t.Second) < 1e-5);
                    if (!whole)
                    {
                        failures.Enqueue($"mixed answer: {text}");
                    }
                }
            }
        }

        async Task Flipper()
        {
            for (int i = 0; i < 40 && !stop.IsCancellationRequested; i++)
            {
                using HttpResponseMessage response = await admin.PostAsync($"/v1/policies/nav/versions/{1 + (i % 2)}:activate", null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"activate {response.StatusCode}");
                }

                await Task.Delay(2);
            }
        }

        Task flipper = Flipper();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Client(i))));
        await stop.CancelAsync();
        await flipper;

        Assert.That(failures, Is.Empty);
        Assert.That(versionsSeen.Keys, Is.EquivalentTo(new[] { 1, 2 }), "both versions served during the run");
    }
}
