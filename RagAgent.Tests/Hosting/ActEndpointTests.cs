using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagAgent.Tests.Hosting;

internal sealed class ActEndpointTests : HostingTestBase
{
    [Test]
    public async Task Act_SingleObservation_AnswersMaskedProbabilitiesFromActiveVersion()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = Observation() }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        JsonElement body = await ReadJson(response);
        double[] probabilities = body.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        double[] expected = ExpectedProbabilities(2);
        Assert.That(probabilities, Is.EqualTo(expected).Within(1e-5));
        Assert.That(probabilities[1], Is.EqualTo(0.0));
        Assert.That(probabilities[3], Is.EqualTo(0.0));
        Assert.That(body.GetProperty("action").GetInt32(), Is.EqualTo(Array.IndexOf(expected, expected.Max())));
        Assert.That(body.GetProperty("value").GetDouble(), Is.EqualTo(2.0));
        Assert.That(body.GetProperty("model").GetString(), Is.EqualTo("nav"));
        Assert.That(body.GetProperty("version").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Act_Batch_AnswersEveryInstanceInOrder()
    {
        JsonObject second = Observation();
        second["taskId"] = 0;
        second["actionMask"] = new JsonArray(false, false, false, false, true);
        var body = new JsonObject
        {
            ["instances"] = new JsonArray(new JsonObject { ["observation"] = Observation() }, new JsonObject { ["observation"] = second }),
        };
        using HttpClient client = Factory.ClientWith(HostingFactory.BothKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        JsonElement result = await ReadJson(response);
        JsonElement[] predictions = result.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.That(predictions, Has.Length.EqualTo(2));
        Assert.That(predictions[0].GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()), Is.EqualTo(ExpectedProbabilities(2)).Within(1e-5));
        Assert.That(predictions[1].GetProperty("action").GetInt32(), Is.EqualTo(4));
        Assert.That(predictions[1].GetProperty("probabilities")[4].GetDouble(), Is.EqualTo(1.0));
        Assert.That(result.GetProperty("version").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Act_SampledWithSeed_IsReproducibleAndNeverMasked()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        var actions = new List<int>();
        for (int seed = 0; seed < 20; seed++)
        {
            var body = new JsonObject { ["observation"] = Observation(), ["deterministic"] = false, ["seed"] = seed };
            using HttpResponseMessage first = await client.PostAsync("/v1/policies/nav:act", Json(body.DeepClone()));
            using HttpResponseMessage again = await client.PostAsync("/v1/policies/nav:act", Json(body.DeepClone()));
            int action = (await ReadJson(first)).GetProperty("action").GetInt32();
            Assert.That((await ReadJson(again)).GetProperty("action").GetInt32(), Is.EqualTo(action));
            actions.Add(action);
        }

        Assert.That(actions, Is.All.AnyOf(0, 2, 4));
        Assert.That(actions.Distinct().Count(), Is.GreaterThan(1));
    }

    private static IEnumerable<TestCaseData> BadObservations()
    {
        static TestCaseData Case(string field, Action<JsonObject> change, string name) =>
            new TestCaseData(field, change).SetName($"Act_{name}_Returns400NamingField");

        yield return Case("observation.globals", o => o["globals"] = new JsonArray(1, 2), "GlobalsTooShort");
        yield return Case("observation.globals[1]", o => o["globals"] = new JsonArray(1, "NaN", 2), "GlobalsNaN");
        yield return Case("observation.globals[2]", o => o["globals"] = new JsonArray(1, 2, "Infinity"), "GlobalsInfinity");
        yield return Case("observation.taskId", o => o["taskId"] = 2, "TaskIdOutOfRange");
        yield return Case("observation.taskId", o => o.Remove("taskId"), "TaskIdMissing");
        yield return Case("observation.nodeIds[1]", o => o["nodeIds"] = new JsonArray(1, 10, 3), "NodeIdOutOfRange");
        yield return Case("observation.nodeIds", o => o["nodeIds"] = new JsonArray(1, 2, 3, 4, 5), "TooManyNodes");
        yield return Case("observation.nodeFeatures", o => o["nodeFeatures"] = new JsonArray(new JsonArray(0.1, 0.2)), "NodeRowsMismatch");
        yield return Case("observation.nodeFeatures[0]", o => o["nodeFeatures"]![0] = new JsonArray(0.1), "NodeFeatureRowShort");
        yield return Case("observation.actionMask", o => o["actionMask"] = new JsonArray(true, true), "MaskLengthWrong");
        yield return Case("observation.actionMask", o => o["actionMask"] = new JsonArray(false, false, false, false, false), "MaskAllFalse");
        yield return Case("observation.actionMask", o => o.Remove("actionMask"), "MaskMissing");
        yield return Case("observation.actionMask[3]", o => o["actionMask"] = new JsonArray(true, false, true, true, true), "MaskAllowsPaddingNode");
        yield return Case("observation.nodeMask", o => o["nodeMask"] = new JsonArray(true), "NodeMaskLengthWrong");
    }

    [TestCaseSource(nameof(BadObservations))]
    public async Task Act_BadObservation_Returns400NamingField(string field, Action<JsonObject> change)
    {
        JsonObject observation = Observation();
        change(observation);
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(new JsonObject { ["observation"] = observation }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        JsonElement problem = await ReadProblem(response);
        Assert.That(ProblemField(problem), Is.EqualTo(field), problem.ToString());
    }

    [TestCase("{\"observation\": ", "observation", TestName = "Act_TruncatedJson_Returns400")]
    [TestCase("[1, 2]", "body", TestName = "Act_ArrayBody_Returns400")]
    [TestCase("{}", "observation", TestName = "Act_EmptyObject_Returns400")]
    [TestCase("{\"observaton\": {}}", "observaton", TestName = "Act_MisspeltMember_Returns400NamingIt")]
    [TestCase("{\"observation\": {\"globals\": [\"a\"]}}", "observation.globals[0]", TestName = "Act_StringInFloats_Returns400")]
    [TestCase("{\"instances\": []}", "instances", TestName = "Act_EmptyInstances_Returns400")]
    [TestCase("{\"instances\": [null]}", "instances[0].observation", TestName = "Act_NullInstance_Returns400")]
    public async Task Act_MalformedBody_Returns400NamingField(string body, string field)
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        JsonElement problem = await ReadProblem(response);
        Assert.That(ProblemField(problem), Does.StartWith(field), problem.ToString());
    }

    [Test]
    public async Task Act_ObservationAndInstances_Returns400()
    {
        var body = new JsonObject { ["observation"] = Observation(), ["instances"] = new JsonArray(new JsonObject { ["observation"] = Observation() }) };
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("instances"));
    }

    [Test]
    public async Task Act_UnknownPolicy_Returns404()
    {
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nope:act", Json(new JsonObject { ["observation"] = Observation() }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("name"));
    }

    [Test]
    public async Task Act_BodyOverLimit_Returns413()
    {
        string padding = new(' ', (1 << 20) + 10);
        using HttpClient client = Factory.ClientWith(HostingFactory.PredictKey);
        using HttpResponseMessage response = await client.PostAsync("/v1/policies/nav:act", Json("{\"observation\": null}" + padding));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(ProblemField(await ReadProblem(response)), Is.EqualTo("body"));
    }
}
