using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Policies;

public sealed class MlpPolicyTests
{
    // Every part the flat input can have: globals, goal features, several tasks, node features and a node mask.
    private static readonly EnvSpec Rich = new()
    {
        Id = "rich", NumTasks = 3, GoalFeatureSize = 2, MaxNodes = 4, NodeFeatureSize = 2, GlobalFeatureSize = 3,
        ActionsPerNode = 1, ExtraActions = 2,
    };

    private static readonly PolicyOptions Small = new() { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [8, 8] };

    [Test]
    public void InputSize_RichSpec_CountsEveryPart()
    {
        // globals 3 + goal 2 + one-hot tasks 3 + node features 4·2 + node mask 4
        Assert.That(new MlpPolicy(Rich, Small, seed: 1).InputSize, Is.EqualTo(20));
        Assert.That(new MlpPolicy(PolicyTestKit.CartPole, Small, seed: 1).InputSize, Is.EqualTo(4));
    }

    [TestCase(Activation.Tanh)]
    [TestCase(Activation.ReLU)]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences(Activation activation)
    {
        var random = new EnvRandom(21);
        var policy = new MlpPolicy(Rich, Small with { Activation = activation }, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 6, random);

        // ReLU's kinks: a step of 1e-2 can cross one, so its check uses a smaller step.
        PolicyTestKit.AssertGradientsMatchFiniteDifferences(policy, batch, 6, random, activation == Activation.ReLU ? 1e-3f : 1e-2f);
    }

    [Test]
    public void Forward_MaskedActions_GetMaskedLogitAndNoGradient()
    {
        var random = new EnvRandom(22);
        var policy = new MlpPolicy(Rich, Small, seed: 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 4, random);
        int actions = Rich.NumActions;
        var logits = new float[4 * actions];
        var values = new float[4];

        policy.Forward(batch, 4, logits, values);
        var gradients = new float[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            gradients[i] = batch.ActionMasks[i] ? 0f : 1f;
        }

        policy.Backward(gradients, new float[4]);

        Assert.That(batch.ActionMasks, Does.Contain(false));
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.That(logits[i] == ActionMasking.MaskedLogit, Is.EqualTo(!batch.ActionMasks[i]), $"logit {i}");
        }

        Assert.That(policy.Parameters.SelectMany(p => p.Grad), Is.All.EqualTo(0f));
    }

    [Test]
    public void Create_CartPole_IsCleanRlShapedWithSmallInitialLogits()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), seed: 3);
        ObservationBatch batch = PolicyTestKit.RandomBatch(PolicyTestKit.CartPole, 16, new EnvRandom(23));
        Array.Fill(batch.ActionMasks, true);
        var logits = new float[32];
        var values = new float[16];

        policy.Forward(batch, 16, logits, values);

        Assert.That(policy.Options.Architecture, Is.EqualTo(PolicyArchitecture.Mlp));
        Assert.That(policy.ExportWeights().Select(t => $"{t.Name}[{string.Join(",", t.Shape)}]"), Is.EqualTo(new[]
        {
            "actor.0.weight[64,4]", "actor.0.bias[64]", "actor.2.weight[64,64]", "actor.2.bias[64]", "actor.4.weight[2,64]", "actor.4.bias[2]",
            "critic.0.weight[64,4]", "critic.0.bias[64]", "critic.2.weight[64,64]", "critic.2.bias[64]", "critic.4.weight[1,64]", "critic.4.bias[1]",
        }));
        Assert.That(logits.Select(MathF.Abs).Max(), Is.LessThan(0.1f), "actor output gain 0.01");
        Assert.That(values.Select(MathF.Abs).Max(), Is.GreaterThan(0.05f), "critic output gain 1");
    }

    [Test]
    public void Create_SameSeed_GivesIdenticalWeights()
    {
        PolicyTestKit.AssertSameSeedGivesSameWeights(Rich, Small);
    }

    [Test]
    public void ExportImport_RoundTripsExactlyAndGivesSameOutputs()
    {
        var random = new EnvRandom(24);
        IActorCritic source = PolicyFactory.Create(Rich, Small, 7);
        IActorCritic target = PolicyFactory.Create(Rich, Small, 8);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 4, random);

        target.ImportWeights(source.ExportWeights());

        Assert.That(target.ExportWeights().Select(t => t.Data), Is.EqualTo(source.ExportWeights().Select(t => t.Data)));
        AssertSameOutputs(source, target, batch, 4);
    }

    [Test]
    public void ImportWeights_MisShapedTensor_ThrowsNamingItAndExpectedShape()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 1);
        NamedTensor[] weights = policy.ExportWeights()
            .Select(t => t.Name == "critic.2.weight" ? t with { Shape = [32, 128] } : t)
            .ToArray();

        var e = Assert.Throws<ArgumentException>(() => policy.ImportWeights(weights));

        Assert.That(e!.Message, Does.Contain("critic.2.weight").And.Contain("[64, 64]"));
    }

    [Test]
    public void CloneForInference_SameOutputsIndependentBuffers()
    {
        var random = new EnvRandom(25);
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 9);
        PolicyTestKit.RandomizeWeights(policy, random);
        IActorCritic clone = policy.CloneForInference();
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 4, random);

        AssertSameOutputs(policy, clone, batch, 4);
        Assert.That(clone, Is.Not.SameAs(policy));
        Assert.Throws<InvalidOperationException>(() => PolicyFactory.Create(Rich, Small, 9).CloneForInference().Backward(new float[Rich.NumActions], new float[1]));
    }

    [Test]
    public void FromCheckpoint_RebuildsTheSameNetwork()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 10);
        var content = new CheckpointContent(new CheckpointManifest { Policy = Small, Spec = Rich }, policy.ExportWeights());

        IActorCritic loaded = PolicyFactory.FromCheckpoint(content);

        Assert.That(loaded.Options.Architecture, Is.EqualTo(PolicyArchitecture.Mlp));
        AssertSameOutputs(policy, loaded, PolicyTestKit.RandomBatch(Rich, 4, new EnvRandom(26)), 4);
    }

    [Test]
    public void FromCheckpoint_UnknownArchitecture_ThrowsNamingIt()
    {
        var content = new CheckpointContent(
            new CheckpointManifest { Policy = Small with { Architecture = (PolicyArchitecture)7 }, Spec = Rich }, []);

        var e = Assert.Throws<InvalidDataException>(() => PolicyFactory.FromCheckpoint(content));

        Assert.That(e!.Message, Does.Contain("Architecture").And.Contain("7"));
    }

    [Test]
    public void FromCheckpoint_MissingTensor_ThrowsNamingIt()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 10);
        var content = new CheckpointContent(
            new CheckpointManifest { Policy = Small, Spec = Rich }, policy.ExportWeights().Where(t => t.Name != "actor.2.bias").ToArray());

        var e = Assert.Throws<InvalidDataException>(() => PolicyFactory.FromCheckpoint(content));

        Assert.That(e!.Message, Does.Contain("actor.2.bias").And.Contain("[8]"));
    }

    [Test]
    public void ForwardBackwardStep_AfterWarmUp_AllocatesNothing()
    {
        const int count = 64;
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 11);
        ObservationBatch batch = PolicyTestKit.RandomBatch(PolicyTestKit.CartPole, count, new EnvRandom(27));

        PolicyTestKit.AssertTrainingStepAllocatesNothing(policy, batch, count, iterations: 5);
    }

    [Test]
    public void Forward_CountAboveBatchCapacity_ThrowsNamingCount()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(PolicyTestKit.CartPole, 4, new EnvRandom(28));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => policy.Forward(batch, 5, new float[10], new float[5]));

        Assert.That(e!.ParamName, Is.EqualTo("count"));
        Assert.That(e.Message, Does.Contain("[1, 4]"));
    }

    [Test]
    public void Forward_ShortLogits_ThrowsNamingLogitsAndShape()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(PolicyTestKit.CartPole, 4, new EnvRandom(29));

        var e = Assert.Throws<ArgumentException>(() => policy.Forward(batch, 4, new float[7], new float[4]));

        Assert.That(e!.ParamName, Is.EqualTo("logits"));
        Assert.That(e.Message, Does.Contain("[4, 2]"));
    }

    [Test]
    public void Backward_ShortValueGradients_ThrowsNamingThem()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(PolicyTestKit.CartPole, 4, new EnvRandom(30));
        policy.Forward(batch, 4, new float[8], new float[4]);

        var e = Assert.Throws<ArgumentException>(() => policy.Backward(new float[8], new float[3]));

        Assert.That(e!.ParamName, Is.EqualTo("valueGradients"));
    }

    [Test]
    public void Forward_BatchOfAnotherSpec_ThrowsNamingBatch()
    {
        IActorCritic policy = PolicyFactory.Create(PolicyTestKit.CartPole, new PolicyOptions(), 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 4, new EnvRandom(31));

        var e = Assert.Throws<ArgumentException>(() => policy.Forward(batch, 4, new float[64], new float[4]));

        Assert.That(e!.ParamName, Is.EqualTo("batch"));
    }

    [Test]
    public void Forward_TaskIdOutOfRange_ThrowsNamingIt()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 2, new EnvRandom(32));
        batch.TaskIds[1] = 3;

        var e = Assert.Throws<ArgumentException>(() => policy.Forward(batch, 2, new float[12], new float[2]));

        Assert.That(e!.Message, Does.Contain("TaskIds[1] = 3"));
    }

    internal static void AssertSameOutputs(IActorCritic a, IActorCritic b, ObservationBatch batch, int count)
    {
        int actions = a.Spec.NumActions;
        var logitsA = new float[count * actions];
        var logitsB = new float[count * actions];
        var valuesA = new float[count];
        var valuesB = new float[count];
        a.Forward(batch, count, logitsA, valuesA);
        b.Forward(batch, count, logitsB, valuesB);
        Assert.That(logitsB, Is.EqualTo(logitsA));
        Assert.That(valuesB, Is.EqualTo(valuesA));
    }
}
