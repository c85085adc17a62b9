using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Hosting;
using RagAgent.Tests.Samples.Commands;

namespace RagAgent.Tests.Hosting;

/// <summary><c>RagAgent:Policies:{name}:Quantization = int8</c>: calibrated int8 serving and its refusals.</summary>
internal sealed class Int8ServingTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-int8").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Save(string policy, int version, IActorCritic network) =>
        CheckpointFile.Save(Path.Combine(_dir, policy, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "checkpoint.safetensors"),
            new CheckpointContent(new CheckpointManifest { Policy = network.Options, Spec = network.Spec }, network.ExportWeights()));

    private HostingFactory Int8Factory(string policy, double? minAgreement = null)
    {
        var settings = new Dictionary<string, string?> { [$"RagAgent:Policies:{policy}:Quantization"] = "int8" };
        if (minAgreement is double least)
        {
            settings[$"RagAgent:Policies:{policy}:MinAgreement"] = least.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new HostingFactory(_dir, settings, testPolicy: false);
    }

    private static async Task<JsonElement> Versions(HttpClient client, string policy)
    {
        using HttpResponseMessage response = await client.GetAsync("/v1/policies");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("policies")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == policy).GetProperty("versions");
    }

    [Test]
    public async Task Act_Int8Cartpole_ServesProbabilitiesCloseToFloatWithMaskedActionsZero()
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec("cartpole");
        IActorCritic network = PolicyFactory.Create(spec, new PolicyOptions { Architecture = PolicyArchitecture.Mlp }, seed: 4);
        Save("cartpole", 1, network);
        var observation = new Observation(spec);
        float[] globals = [0.02f, -0.3f, 0.05f, 0.4f];
        globals.CopyTo(observation.Globals, 0);
        Array.Fill(observation.ActionMask, true);

        using HostingFactory factory = Int8Factory("cartpole", minAgreement: 0.9);
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        float[] unmasked = await Probabilities(client, observation);
        observation.ActionMask[1] = false;
        float[] masked = await Probabilities(client, observation);
        JsonElement version = (await Versions(client, "cartpole"))[0];

        Assert.That(version.GetProperty("status").GetString(), Is.EqualTo("ready"), version.ToString());
        Assert.That(version.GetProperty("quantization").GetString(), Is.EqualTo("int8"));
        observation.ActionMask[1] = true;
        float[] expected = FloatProbabilities(network, observation);
        Assert.That(unmasked, Is.EqualTo(expected).Within(0.01f));
        Assert.That(unmasked, Is.Not.EqualTo(expected), "the served network is the int8 one, not the float one");
        Assert.That(masked[1], Is.EqualTo(0f));
        Assert.That(masked[0], Is.EqualTo(1f).Within(1e-6f));
    }

    [Test]
    public async Task Scan_Int8PolicyBelowMinAgreement_IsRejectedWithTheAgreementAndNeverServes()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        var options = new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [2] };
        IActorCritic good = PolicyFactory.Create(registry.GetSpec("cartpole"), options, seed: 1);
        IActorCritic crafted = PolicyFactory.Create(registry.GetSpec("cartpole"), options, seed: 1);
        crafted.ImportWeights([.. crafted.ExportWeights().Select(Int8CalibrationTests.Crafted)]);
        Save("cartpole", 1, good);
        Save("cartpole", 2, crafted);

        using HostingFactory factory = Int8Factory("cartpole", minAgreement: 0.5);
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        JsonElement versions = await Versions(client, "cartpole");
        using HttpResponseMessage activate = await client.PostAsync("/v1/policies/cartpole/versions/2:activate", null);

        JsonElement rejected = versions[1];
        Assert.That(rejected.GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(rejected.GetProperty("error").GetString(), Does.Contain("int8 agreement 0.00 %").And.Contain("below MinAgreement 50.00 %"));
        Assert.That(versions[0].GetProperty("active").GetBoolean(), Is.True, "the version that passed keeps serving");
        Assert.That(versions[0].GetProperty("quantization").GetString(), Is.EqualTo("int8"));
        Assert.That(activate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Scan_TaskNodeUnderInt8_IsRejectedNamingTheArchitecture()
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec("graph-nav");
        Save("graph-nav", 1, PolicyFactory.Create(spec, new PolicyOptions { Architecture = PolicyArchitecture.TaskNode, HiddenSizes = [8] }, seed: 1));

        using HostingFactory factory = Int8Factory("graph-nav");
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        JsonElement version = (await Versions(client, "graph-nav"))[0];

        Assert.That(version.GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(version.GetProperty("error").GetString(), Does.Contain("int8 cannot serve architecture TaskNode"));
    }

    [Test]
    public async Task Scan_Int8PolicyOfAnEnvTheServerCannotMake_IsCalibratedOnSpecObservations()
    {
        var spec = new EnvSpec
        {
            Id = "custom-nav", MaxNodes = 3, NodeFeatureSize = 2, GlobalFeatureSize = 2, GlobalBounds = FeatureBounds.UnitInterval,
            ActionsPerNode = 1, ExtraActions = 1,
        };
        var options = new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [2] };
        Save("custom", 1, PolicyFactory.Create(spec, options, seed: 2));
        IActorCritic crafted = PolicyFactory.Create(spec, options, seed: 2);
        // As Int8CalibrationTests.Crafted: action 0's logit is 0.003·tanh(-1) < 0, under half an int8 step of its row,
        // so int8 ties it with the other actions' 0 and picks action 0 wherever it is allowed, the float policy never.
        crafted.ImportWeights([.. crafted.ExportWeights().Select(t => t.Name switch
        {
            "actor.0.bias" => t with { Data = [0f, -1f] },
            "actor.2.weight" => t with { Data = [1f, 0.003f, 1f, 0f, 1f, 0f, 1f, 0f] },
            _ => t with { Data = new float[t.Data.Length] },
        })]);
        Save("custom", 2, crafted);

        using HostingFactory factory = Int8Factory("custom");
        using HttpClient client = factory.ClientWith(HostingFactory.BothKey);
        JsonElement versions = await Versions(client, "custom");

        Assert.That(versions[0].GetProperty("status").GetString(), Is.EqualTo("ready"), versions[0].ToString());
        Assert.That(versions[0].GetProperty("quantization").GetString(), Is.EqualTo("int8"));
        Assert.That(versions[1].GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(versions[1].GetProperty("error").GetString(), Does.Contain("below MinAgreement 99.00 %"));
    }

    [Test]
    public void Validate_MinAgreementOutsideUnitInterval_NamesTheField()
    {
        var options = new HostingOptions
        {
            ModelsDirectory = "m",
            Policies = new Dictionary<string, PolicyServingOptions> { ["cartpole"] = new() { Quantization = ServingQuantization.Int8, MinAgreement = 1.5 } },
        };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.StartsWith("RagAgent:Policies:cartpole:MinAgreement must be in [0, 1], got 1.5"));
    }

    private static async Task<float[]> Probabilities(HttpClient client, Observation observation)
    {
        var json = new JsonObject
        {
            ["globals"] = new JsonArray(observation.Globals.Select(v => (JsonNode?)v).ToArray()),
            ["actionMask"] = new JsonArray(observation.ActionMask.Select(b => (JsonNode?)b).ToArray()),
        };
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/cartpole:act",
            new StringContent(new JsonObject { ["observation"] = json }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())];
    }

    private static float[] FloatProbabilities(IActorCritic network, Observation observation)
    {
        var batch = new ObservationBatch(network.Spec, 1);
        batch.Write(0, observation);
        float[] logits = new float[network.Spec.NumActions];
        network.Forward(batch, 1, logits, new float[1]);
        float[] p = new float[logits.Length];
        MaskedCategorical.Probabilities(logits, observation.ActionMask, p);
        return p;
    }
}
