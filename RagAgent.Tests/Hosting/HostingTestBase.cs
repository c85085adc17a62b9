using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

/// <summary>A temporary model folder with versions 1 and 2 of policy <c>nav</c> (v2 active), and a factory over it.</summary>
internal abstract class HostingTestBase
{
    protected string ModelsDir { get; private set; } = null!;

    protected HostingFactory Factory { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True for fixtures that change the store: they get a fresh folder and server per test.</summary>
    protected virtual bool FreshServerPerTest => false;

    [OneTimeSetUp]
    public void CreateSharedServer()
    {
        if (!FreshServerPerTest)
        {
            CreateServer();
        }
    }

    [OneTimeTearDown]
    public void DisposeSharedServer()
    {
        if (!FreshServerPerTest)
        {
            DisposeServer();
        }
    }

    [SetUp]
    public void CreateServerPerTest()
    {
        if (FreshServerPerTest)
        {
            CreateServer();
        }
    }

    [TearDown]
    public void DisposeServerPerTest()
    {
        if (FreshServerPerTest)
        {
            DisposeServer();
        }
    }

    private void CreateServer()
    {
        ModelsDir = Directory.CreateTempSubdirectory("ragagent-hosting").FullName;
        TestPolicy.WriteVersion(ModelsDir, "nav", 1, HostingFactory.Spec);
        TestPolicy.WriteVersion(ModelsDir, "nav", 2, HostingFactory.Spec);
        Factory = new HostingFactory(ModelsDir, Settings);
    }

    private void DisposeServer()
    {
        Factory.Dispose();
        Directory.Delete(ModelsDir, recursive: true);
    }

    /// <summary>A valid observation: task 1, 3 of 4 nodes, globals summing to 0.6, actions 0, 2, 4 allowed.</summary>
    public static JsonObject Observation() => new()
    {
        ["taskId"] = 1,
        ["nodeIds"] = new JsonArray(1, 2, 3),
        ["nodeFeatures"] = new JsonArray(new JsonArray(0.1, 0.2), new JsonArray(0.3, 0.4), new JsonArray(0.5, 0.6)),
        ["globals"] = new JsonArray(0.1, 0.2, 0.3),
        ["actionMask"] = new JsonArray(true, false, true, false, true),
    };

    /// <summary>Masked softmax of <see cref="TestPolicy"/> for <see cref="Observation"/> at version <paramref name="version"/>.</summary>
    public static double[] ExpectedProbabilities(int version, double x = 1.6)
    {
        bool[] mask = [true, false, true, false, true];
        double[] logits = Enumerable.Range(0, 5).Select(a => (version * a / 10.0) + (0.1 * x * (a + 1))).ToArray();
        double max = logits.Where((_, a) => mask[a]).Max();
        double[] e = logits.Select((l, a) => mask[a] ? Math.Exp(l - max) : 0).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    protected static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    protected static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    protected static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    protected static async Task<JsonElement> ReadProblem(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"),
            await response.Content.ReadAsStringAsync());
        return await ReadJson(response);
    }

    /// <summary>The field a problem names: the <c>field</c> extension, or the first key of <c>errors</c>.</summary>
    protected static string ProblemField(JsonElement problem) =>
        problem.TryGetProperty("field", out JsonElement f) ? f.GetString()! : problem.GetProperty("errors").EnumerateObject().First().Name;
}
