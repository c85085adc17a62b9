using System.Text.Json;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.Abstractions;

/// <summary>Envs' own info values (named float slots declared by the spec) and the declared notion of success.</summary>
public sealed class EnvInfoValuesTests
{
    private static readonly EnvSpec Spec = new() { Id = "info", GlobalFeatureSize = 1, ExtraActions = 2, InfoKeys = ["distance", "load"] };

    [Test]
    public void InfoKeys_EqualNamesInOtherInstances_SpecsAreEqual()
    {
        EnvSpec same = Spec with { InfoKeys = new List<string> { "distance", "load" } };
        EnvSpec other = Spec with { InfoKeys = ["load", "distance"] };

        Assert.That(same, Is.EqualTo(Spec));
        Assert.That(same.GetHashCode(), Is.EqualTo(Spec.GetHashCode()));
        Assert.That(other, Is.Not.EqualTo(Spec));
    }

    [Test]
    public void Validate_RepeatedInfoKey_Throws() =>
        Assert.That((Spec with { InfoKeys = ["a", "a"] }).Validate, Throws.ArgumentException.With.Message.Contains("InfoKeys must be distinct"));

    [Test]
    public void InfoValues_ByNameAndSlot_ReadWhatWasWritten()
    {
        var values = new InfoValues(Spec);
        values[values.IndexOf("load")] = 3f;

        Assert.That(values["load"], Is.EqualTo(3f));
        Assert.That(values.TryGetValue("distance", out float distance) && distance == 0f, Is.True);
        Assert.That(values.AsSpan().ToArray(), Is.EqualTo(new[] { 0f, 3f }));
        Assert.That(() => values["power"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("distance, load"));
    }

    [Test]
    public void InfoValues_CopyToOtherLayout_Throws() =>
        Assert.That(
            () => new InfoValues(Spec).CopyTo(new InfoValues(Spec with { InfoKeys = ["distance"] })),
            Throws.ArgumentException.With.Message.Contains("[distance, load]"));

    [Test]
    public void Manifest_InfoKeysAndHasSuccess_RoundTripAndOldSpecsDefault()
    {
        EnvSpec spec = Spec with { HasSuccess = false };
        EnvSpec back = JsonSerializer.Deserialize<EnvSpec>(JsonSerializer.Serialize(spec, CheckpointFile.JsonOptions), CheckpointFile.JsonOptions)!;
        Assert.That(back, Is.EqualTo(spec));

        EnvSpec old = JsonSerializer.Deserialize<EnvSpec>("""{"Id":"old","GlobalFeatureSize":4,"ExtraActions":2}""", CheckpointFile.JsonOptions)!;
        Assert.That(old.HasSuccess, Is.True);
        Assert.That(old.InfoKeys, Is.Empty);
    }

    [Test]
    public void HasSuccess_CartPoleHasNoGoalTheMultiGoalEnvsDo()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        Assert.That(registry.GetSpec(CartPoleEnv.EnvId).HasSuccess, Is.False);
        Assert.That(registry.Ids.Where(id => id != CartPoleEnv.EnvId).Select(id => registry.GetSpec(id).HasSuccess), Is.All.True);
    }

    [Test]
    public void GraphNav_DistanceInfo_IsTheDistanceToTheGoalAndZeroOnSuccess()
    {
        var env = new GraphNavEnv(new GraphNavOptions { WorldSeed = 2 });
        ResetResult reset = env.Reset(seed: 4);
        Assert.That(reset.Info.Values![GraphNavEnv.InfoDistance], Is.EqualTo(env.Graph.Distance(env.CurrentNode, env.GoalNode)).And.GreaterThan(0f));

        int[] hops = env.Graph.HopDistances(env.GoalNode);
        StepResult step;
        do
        {
            // Greedy on hop distance: always reaches the goal.
            int next = env.Graph.Neighbours(env.CurrentNode).ToArray().MinBy(n => hops[n]);
            step = env.Step(next);
            Assert.That(step.Info.Values![GraphNavEnv.InfoDistance], Is.EqualTo(env.Graph.Distance(env.CurrentNode, env.GoalNode)));
        }
        while (!step.Done);

        Assert.That(step.Info.IsSuccess, Is.True);
        Assert.That(step.Info.Values![GraphNavEnv.InfoDistance], Is.Zero);
    }

    [Test]
    public void SmartHome_Info_ReportsLoadAndMismatchedDevices()
    {
        var env = new SmartHomeEnv();
        InfoValues info = env.Reset(seed: 3).Info.Values!;

        Assert.That(info.Names, Is.EqualTo(new[] { SmartHomeEnv.InfoLoad, SmartHomeEnv.InfoTripped, SmartHomeEnv.InfoMismatched }));
        Assert.That(info[SmartHomeEnv.InfoLoad], Is.EqualTo(env.Load));
        Assert.That(info[SmartHomeEnv.InfoTripped], Is.Zero);
    }

    [Test]
    public void Retrieval_RecallInfo_CountsTheRelevantDocumentsRetrieved()
    {
        var env = new RetrievalEnv();
        Assert.That(env.Reset(seed: 2).Info.Values![RetrievalEnv.InfoRecall], Is.Zero);
        int relevant = Enumerable.Range(0, env.Spec.MaxNodes).First(d => env.Corpus.IsRelevant(env.QueryId, d));

        StepResult step = env.Step(relevant);

        Assert.That(step.Info.Values![RetrievalEnv.InfoRecall], Is.EqualTo(1f / env.Corpus.RelevantCount(env.QueryId)));
    }
}
