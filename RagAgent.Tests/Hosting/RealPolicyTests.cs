using RagAgent.Core.Algorithms.Distillation;
using RagAgent.Core.Distributions;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
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
        var options = new PolicyOptions { Architecture = PolicyArchitecture.Mlp };
        IActorCritic v1 = PolicyFactory.Create(spec, options, seed: 1);
        IActorCritic v2 = PolicyFactory.Create(spec, options, seed: 2);
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
    public async Task ListAndDescribe_ManifestSayingAuto_ReportTheResolvedNetwork()
    {
        IEnv env = GraphNavEnv.Create();
        IActorCritic network = PolicyFactory.Create(env.Spec, new PolicyOptions(), seed: 3);
        Save("graph-nav", 1, network, new PolicyOptions());   // as 0.1.0 wrote it: "auto"

        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage list = await client.GetAsync("/v1/policies");
        using HttpResponseMessage describe = await client.GetAsync("/v1/policies/graph-nav");
        JsonElement version = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement
            .GetProperty("policies")[0].GetProperty("versions")[0];
        JsonElement served = JsonDocument.Parse(await describe.Content.ReadAsStringAsync()).RootElement.GetProperty("network");

        Assert.That(version.GetProperty("architecture").GetString(), Is.EqualTo("task-node"));
        Assert.That(served.GetProperty("architecture").GetString(), Is.EqualTo("task-node"));
        Assert.That(served.GetProperty("nodeIdEmbedding").GetString(), Is.EqualTo("never"), "graph-nav nodes have features");
        Assert.That(served.GetProperty("embeddingSize").GetInt32(), Is.EqualTo(PolicyOptions.DefaultEmbeddingSize));
    }

    [Test]
    public async Task Act_TaskNodeCheckpointOnGraphNavObservation_MatchesDirectForwardAndRespectsMask()
    {
        IEnv env = GraphNavEnv.Create();
        var options = new PolicyOptions();
        IActorCritic network = PolicyFactory.Create(env.Spec, options, seed: 3);
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

    [Test]
    public async Task Act_GoalFeatureOutsideDeclaredBounds_Returns400NamingTheField()
    {
        IEnv env = GraphNavEnv.Create();
        var options = new PolicyOptions();
        Save("graph-nav", 1, PolicyFactory.Create(env.Spec, options, seed: 3), options);
        JsonObject observation = ToJson(env.Reset(seed: 5).Observation);
        observation["goalFeatures"]![0] = 1099511627776.0; // 2^40; graph-nav declares goal features in [0, 1]

        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/graph-nav:act",
            new StringContent(new JsonObject { ["observation"] = observation }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        JsonElement errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "observation.goalFeatures[0]" }));
        Assert.That(errors.GetProperty("observation.goalFeatures[0]")[0].GetString(), Does.Contain("expected a value in [0, 1]"));

        // The policy's detail tells clients the bounds before they send anything.
        JsonElement spec = JsonDocument.Parse(await client.GetStringAsync("/v1/policies/graph-nav")).RootElement.GetProperty("observation");
        Assert.That(spec.GetProperty("goalFeatureBounds").GetProperty("low").GetSingle(), Is.EqualTo(0f));
        Assert.That(spec.GetProperty("goalFeatureBounds").GetProperty("high").GetSingle(), Is.EqualTo(1f));
        Assert.That(spec.GetProperty("nodeFeatureBounds").GetProperty("low").GetSingle(), Is.EqualTo(-1f));
    }

    [Test]
    public async Task Act_DistilledGraphNavStudent_IsServedLikeAnyCheckpoint()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        IEnv env = registry.Make("graph-nav");
        IActorCritic teacher = PolicyFactory.Create(env.Spec, new PolicyOptions(), seed: 3);
        IActorCritic student = PolicyFactory.Create(env.Spec, teacher.Options with { HiddenSizes = [16] }, seed: 4);
        var distillation = new DistillationOptions { NumEnvs = 2, NumSteps = 32 };
        using (IVectorEnv envs = registry.MakeVector("graph-nav", distillation.NumEnvs))
        {
            new Distiller(teacher, student, distillation, seed: 5).Run(envs, 256);
        }

        Save("graph-nav", 1, student, student.Options);
        Observation observation = env.Reset(seed: 7).Observation.Clone();

        using var factory = new HostingFactory(_dir, testPolicy: false);
        using HttpClient client = factory.ClientWith(HostingFactory.PredictKey);
        JsonElement answer = await Act(client, "graph-nav", observation);

        float[] expected = DirectProbabilities(student, observation, out float value);
        Assert.That(answer.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()), Is.EqualTo(expected).Within(1e-6f));
        Assert.That(answer.GetProperty("value").GetSingle(), Is.EqualTo(value).Within(1e-6f));
    }
}
