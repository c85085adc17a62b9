using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace RagAgent.Tests.Hosting;

/// <summary>Random and malformed :act bodies: always a 2xx or a 4xx problem, never a 5xx.</summary>
internal sealed class FuzzTests : HostingTestBase
{
    private static readonly string[] Fields = ["taskId", "goalFeatures", "nodeIds", "nodeFeatures", "nodeMask", "globals", "actionMask", "extra"];

    private static Gen<JsonNode?> Leaf() => Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        Gen.Choose(-3, 12).Select(i => (JsonNode?)i),
        Gen.Elements(0.5, -1e39, 1e39, double.MaxValue, 1e-45, 2147483648.0).Select(d => (JsonNode?)d),
        Gen.Elements("NaN", "Infinity", "-Infinity", "", "x", "1").Select(s => (JsonNode?)s),
        Gen.Elements(true, false).Select(b => (JsonNode?)b));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Leaf()
        : Gen.OneOf(
            Leaf(),
            Gen.ListOf(Value(depth - 1)).Select(items => (JsonNode?)new JsonArray(items.Select(n => n?.DeepClone()).ToArray())),
            Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(true, false), n)).Select(b => (JsonNode?)new JsonArray(b.Select(x => (JsonNode?)x).ToArray())));

    private static Gen<JsonObject> MutatedObservation() =>
        Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(
            Gen.Elements(Fields).SelectMany(field => Gen.OneOf(Gen.Constant<JsonNode?>(null), Value(2)).Select(v => (field, v))), count))
            .Select(changes =>
            {
                JsonObject o = Observation();
                foreach (var (field, value) in changes)
                {
                    if (value is null && field != "extra")
                    {
                        o.Remove(field);
                    }
                    else
                    {
                        o[field] = value?.DeepClone();
                    }
                }

                return o;
            });

    private static Gen<string> Body() => Gen.OneOf(
        MutatedObservation().Select(o => new JsonObject { ["observation"] = o }.ToJsonString()),
        Gen.ListOf(MutatedObservation()).Select(os => new JsonObject
        {
            ["instances"] = new JsonArray(os.Select(o => (JsonNode?)new JsonObject { ["observation"] = o }).ToArray()),
        }.ToJsonString()),
        Value(3).Select(v => v?.ToJsonString() ?? "null"),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
        MutatedObservation().Select(o => new JsonObject { ["observation"] = o }.ToJsonString())
            .SelectMany(s => Gen.Choose(0, s.Length).Select(cut => s[..cut])));

    /// <summary>Cost: about 2 s (200 requests in-process).</summary>
    [Test]
    public void Act_RandomAndMalformedBodies_NeverAnswer5xx()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        Prop.ForAll(Arb.From(Body()), body =>
            {
                using HttpResponseMessage response = client.PostAsync("/v1/policies/nav:act", Json(body)).GetAwaiter().GetResult();
                int status = (int)response.StatusCode;
                bool problemOr200 = status == 200
                    || (status is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json");
                return problemOr200.Label($"status {status} for body {body}");
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(12345UL, 67891UL));
    }
}
