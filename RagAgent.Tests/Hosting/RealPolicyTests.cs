using RagAgent.Core.Distributions;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Core.Policies;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Hosting.Models;

namespace RagAgent.Tests.Hosting;

/// <summary>The app's default engine (<see cref="PolicyFactory.FromCheckpoint"/>) serving real networks.</summary>
internal sealed class RealPolicyTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-real").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Save(string policy, int version, IActorCritic network, PolicyOptions options) =>
        CheckpointFile.Save(Path.Combine(_dir, policy, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "checkpoint.safetensors"),
            new CheckpointContent(new CheckpointManifest { Policy = options, Spec = network.Spec }, network.ExportWeights()));

    private static float[] DirectProbabilities(IActorCritic network, Observation observation, out float value)
    {
        var batch = new ObservationBatch(network.Spec, 1);
        batch.Write(0, observation);
        float[] logits = new float[network.Spec.NumActions];
        float[] values = new float[1];
        network.Forward(batch, 1, logits, values);
        float[] p = new float[logits.Length];
        MaskedCategorical.Probabilities(logits, observation.ActionMask, p);
        value = values[0];
        return p;
    }

    private static JsonObject ToJson(Observation o)
    {
        EnvSpec s = o.Spec;
        var json = new JsonObject { ["actionMask"] = new JsonArray(o.ActionMask.Select(b => (JsonNode?)b).ToArray()) };
        if (s.NumTasks > 0)
        {
            json["taskId"] = o.TaskId;
        }

        if (s.GoalFeatureSize > 0)
        {
            json["goalFeatures"] = new JsonArray(o.GoalFeatures.Select(v => (JsonNode?)v).ToArray());
        }

        if (s.GlobalFeatureSize > 0)
        {
            json["globals"] = new JsonArray(o.Globals.Select(v => (JsonNode?)v).ToArray());
        }

        if (s.NodeVocabSize > 0)
        {
            json["nodeIds"] = new JsonArray(o.NodeIds.Select(v => (JsonNode?)v).ToArray());
        }

        if (s.NodeFeatureSize > 0)
        {
            json["nodeFeatures"] = new JsonArray(Enumerable.Range(0, s.MaxNodes)
                .Select(n => (JsonNode?)new JsonArray(o.NodeFeatures.Skip(n * s.NodeFeatureSize).Take(s.NodeFeatureSize).Select(v => (JsonNode?)v).ToArray()))
                .ToArray());
        }

        if (s.MaxNodes > 0)
        {
            json["nodeMask"] = new JsonArray(o.NodeMask.Select(b => (JsonNode?)b).ToArray());
        }

        return json;
    }

    private static async Task<JsonElement> Act(HttpClient client, string policy, Observation observation)
    {
        using HttpResponseMessage response = await client.PostAsync($"/v1/policies/{policy}:act",
            new StringContent(new JsonObject { ["observation"] = ToJson(observation) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Test]
    public async Task Act_MlpCheckpoints_MatchDirectForwardOfEachVersion()
    {
        var spec = new EnvSpec { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2 };
        var options = new PolicyOptions { Architecture = "mlp" };
        IActorCritic v1 = PolicyFactory.Create(spec, options, seed: 1, maxBatchSize: 1);
        IActorCritic v2 = PolicyFactory.Create(spec, options, seed: 2, maxBatchSize: 1);
        Save("cartpole", 1, v1, options);
        Save("cartpole", 2, v2, options);
        var observation = new Observation(spec);
        float[] globals = [0.02f, -0.3f, 0.05f, 0.4f];
        globals.CopyTo(observation.Globals, 0);

        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        JsonElement second = await Act(client, "cartpole", observation);
        (await client.PostAsync("/v1/policies/cartpole/versions/1:activate", null)).Dispose();
        JsonElement first = await Act(client, "cartpole", observation);

        float[] expected2 = DirectProbabilities(v2, observation, out float value2);
        float[] expected1 = DirectProbabilities(v1, observation, out _);
        Assert.That(second.GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(second.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()), Is.EqualTo(expected2).Within(1e-6f));
        Assert.That(second.GetProperty("value").GetSingle(), Is.EqualTo(value2).Within(1e-6f));
        Assert.That(first.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()), Is.EqualTo(expected1).Within(1e-6f));
        Assert.That(expected1, Is.Not.EqualTo(expected2), "the two versions differ");
    }

    [Test]
    public async Task Act_TaskNodeCheckpointOnGraphNavObservation_MatchesDirectForwardAndRespectsMask()
    {
        IEnv env = GraphNavEnv.Create();
        var options = new PolicyOptions();
        IActorCritic network = PolicyFactory.Create(env.Spec, options, seed: 3, maxBatchSize: 1);
        Save("graph-nav", 1, network, options);
        Observation observation = env.Reset(seed: 5).Observation.Clone();

        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
        JsonElement answer = await Act(client, "graph-nav", observation);

        float[] expected = DirectProbabilities(network, observation, out float value);
        float[] served = answer.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.That(served, Is.EqualTo(expected).Within(1e-6f));
        Assert.That(answer.GetProperty("value").GetSingle(), Is.EqualTo(value).Within(1e-6f));
        Assert.That(observation.ActionMask, Has.Some.False, "graph-nav masks non-neighbours");
        Assert.That(served.Where((_, a) => !observation.ActionMask[a]), Is.All.EqualTo(0f));

        Assert.That(observation.ActionMask[answer.GetProperty("action").GetInt32()], Is.True);
    }
}
