using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Policies;

public sealed class TaskNodePolicyTests
{
    // Every part: tasks, goal features, node ids and features, globals, several actions per node and extra actions.
    private static readonly EnvSpec Rich = new()
    {
        Id = "rich-nodes", NumTasks = 3, GoalFeatureSize = 2, MaxNodes = 4, NodeVocabSize = 6, NodeFeatureSize = 3,
        GlobalFeatureSize = 2, ActionsPerNode = 2, ExtraActions = 1,
    };

    // Graph-navigation shape: goal by id and coordinates, nodes by id, pick one node.
    private static readonly EnvSpec Pointer = new()
    {
        Id = "pointer", NumTasks = 5, GoalFeatureSize = 2, MaxNodes = 5, NodeVocabSize = 5, ActionsPerNode = 1,
    };

    // Nodes with features only, no task, no globals: the context is absent.
    private static readonly EnvSpec FeaturesOnly = new()
    {
        Id = "features-only", MaxNodes = 3, NodeFeatureSize = 2, ActionsPerNode = 1, ExtraActions = 1,
    };

    private static readonly PolicyOptions Small = new() { Architecture = PolicyArchitecture.TaskNode, HiddenSizes = [8, 8], EmbeddingSize = 4 };

    // Node-id embeddings next to node features (not the default for nodes with features), to exercise every part.
    private static readonly PolicyOptions SmallWithIds = Small with { NodeIdEmbedding = IdEmbedding.Always };

    // Goal by id only: nothing but the task embedding tells the policy the task.
    private static readonly EnvSpec TaskIdsOnly = new()
    {
        Id = "task-ids-only", NumTasks = 3, MaxNodes = 3, NodeFeatureSize = 2, ActionsPerNode = 1,
    };

    private static IEnumerable<EnvSpec> Specs() => [Rich, Pointer, FeaturesOnly];

    [TestCaseSource(nameof(Specs))]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences(EnvSpec spec)
    {
        var random = new EnvRandom(41);
        var policy = new TaskNodePolicy(spec, SmallWithIds, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        ObservationBatch batch = PolicyTestKit.RandomBatch(spec, 5, random);

        PolicyTestKit.AssertGradientsMatchFiniteDifferences(policy, batch, 5, random, 1e-3f);
    }

    [Test]
    public void Create_RichSpec_RegistersNamedParameters()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, SmallWithIds with { Architecture = PolicyArchitecture.Auto }, 1);

        Assert.That(policy.Options.Architecture, Is.EqualTo(PolicyArchitecture.TaskNode));
        Assert.That(policy.ExportWeights().Select(t => $"{t.Name}[{string.Join(",", t.Shape)}]"), Is.EqualTo(new[]
        {
            "task_embedding.weight[3,4]", "goal_proj.weight[4,2]", "goal_proj.bias[4]", "node_embedding.weight[6,4]",
            "node_proj.weight[4,3]", "node_proj.bias[4]", "globals_proj.weight[4,2]", "globals_proj.bias[4]",
            "node_mlp.0.weight[8,12]", "node_mlp.0.bias[8]", "node_mlp.2.weight[8,8]", "node_mlp.2.bias[8]",
            "node_logits.weight[2,8]", "node_logits.bias[2]", "extra_logits.weight[1,24]", "extra_logits.bias[1]",
            "value.weight[1,24]", "value.bias[1]",
        }));
    }

    [Test]
    public void Create_NodesWithFeaturesByDefault_DoesNotEmbedNodeIds()
    {
        IReadOnlyList<string> names = PolicyFactory.Create(Rich, Small, 1).ExportWeights().Select(t => t.Name).ToArray();
        IReadOnlyList<string> pointerNames = PolicyFactory.Create(Pointer, Small, 1).ExportWeights().Select(t => t.Name).ToArray();

        Assert.That(names, Does.Not.Contain("node_embedding.weight").And.Contain("node_proj.weight"));
        Assert.That(pointerNames, Does.Contain("node_embedding.weight"));
        Assert.Throws<ArgumentException>(() => PolicyFactory.Create(Pointer, Small with { NodeIdEmbedding = IdEmbedding.Never }, 1));
    }

    [Test]
    public void Backward_GoalFeaturesWithoutTaskIds_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(43);
        var policy = new TaskNodePolicy(Rich, SmallWithIds with { TaskIdEmbedding = IdEmbedding.Never }, seed: 1);
        PolicyTestKit.RandomizeWeights(policy, random);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 5, random);

        PolicyTestKit.AssertGradientsMatchFiniteDifferences(policy, batch, 5, random, 1e-3f);
    }

    [Test]
    public void Create_TaskIdEmbeddingOption_EmbedsTaskIdsAsAsked()
    {
        static bool EmbedsTaskIds(EnvSpec spec, IdEmbedding option) =>
            PolicyFactory.Create(spec, Small with { TaskIdEmbedding = option }, 1).ExportWeights().Any(t => t.Name == "task_embedding.weight");

        Assert.That(EmbedsTaskIds(Rich, IdEmbedding.Always), Is.True);
        Assert.That(EmbedsTaskIds(Rich, IdEmbedding.Never), Is.False);
        Assert.That(EmbedsTaskIds(Rich, IdEmbedding.Auto), Is.False, "goal features present");
        Assert.That(EmbedsTaskIds(TaskIdsOnly, IdEmbedding.Auto), Is.True, "no goal features");
        Assert.That(EmbedsTaskIds(FeaturesOnly, IdEmbedding.Always), Is.False, "no task ids");
        ArgumentException? error = Assert.Throws<ArgumentException>(() => PolicyFactory.Create(TaskIdsOnly, Small with { TaskIdEmbedding = IdEmbedding.Never }, 1));
        Assert.That(error!.Message, Does.Contain("TaskIdEmbedding").And.Contain("task-ids-only"));
        error = Assert.Throws<ArgumentException>(() => (Small with { TaskIdEmbedding = (IdEmbedding)9 }).Validate());
        Assert.That(error!.ParamName, Is.EqualTo("TaskIdEmbedding"));
    }

    [Test]
    public void Forward_PaddingNodesAndMaskedActions_GetMaskedLogit()
    {
        var random = new EnvRandom(42);
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 2);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 4, random);
        Array.Fill(batch.ActionMasks, true);
        Array.Fill(batch.NodeMask, true);
        batch.NodeMask[1] = false;                     // row 0, node 1: its actions 2 and 3 must be masked
        batch.ActionMasks[(1 * Rich.NumActions) + 5] = false;
        var logits = new float[4 * Rich.NumActions];
        var values = new float[4];

        policy.Forward(batch, 4, logits, values);

        Assert.That(logits[2], Is.EqualTo(ActionMasking.MaskedLogit));
        Assert.That(logits[3], Is.EqualTo(ActionMasking.MaskedLogit));
        Assert.That(logits[Rich.NumActions + 5], Is.EqualTo(ActionMasking.MaskedLogit));
        Assert.That(logits.Count(l => l == ActionMasking.MaskedLogit), Is.EqualTo(3));
    }

    [Test]
    public void Forward_AllPaddingRow_MasksNodeActionsAndKeepsExtraAndValueFinite()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 3);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 2, new EnvRandom(43));
        Array.Fill(batch.ActionMasks, true);
        Array.Fill(batch.NodeMask, false, 0, Rich.MaxNodes);
        var logits = new float[2 * Rich.NumActions];
        var values = new float[2];

        policy.Forward(batch, 2, logits, values);
        policy.Backward(Enumerable.Repeat(1f, logits.Length).ToArray(), [1f, 1f]);

        Assert.That(logits.Take(Rich.NodeActions), Is.All.EqualTo(ActionMasking.MaskedLogit));
        Assert.That(float.IsFinite(logits[Rich.NodeActions]) && logits[Rich.NodeActions] > ActionMasking.MaskedLogit, Is.True);
        Assert.That(values, Is.All.Not.NaN);
        Assert.That(((TaskNodePolicy)policy).Parameters.SelectMany(p => p.Grad), Is.All.Not.NaN);
    }

    [Test]
    public void Forward_PermutedNodes_PermutesNodeLogitsAndKeepsValue()
    {
        IActorCritic policy = PolicyFactory.Create(Pointer, Small, 4);
        PolicyTestKit.RandomizeWeights(policy, new EnvRandom(44));
        ObservationBatch batch = PolicyTestKit.RandomBatch(Pointer, 1, new EnvRandom(45));
        Array.Fill(batch.NodeMask, true);
        Array.Fill(batch.ActionMasks, true);
        var logits = new float[5];
        var values = new float[1];
        policy.Forward(batch, 1, logits, values);
        float[] before = (float[])logits.Clone();
        float valueBefore = values[0];

        Array.Reverse(batch.NodeIds, 0, 5);
        policy.Forward(batch, 1, logits, values);

        Assert.That(logits, Is.EqualTo(before.Reverse().ToArray()).Within(1e-5f));
        Assert.That(values[0], Is.EqualTo(valueBefore).Within(1e-5f));
    }

    [Test]
    public void Forward_UntrainedTaskIds_AddNothingWhileGoalFeaturesMatter()
    {
        // The task embedding starts at zero, so a held-out task id changes nothing: goal features carry the goal.
        IActorCritic policy = PolicyFactory.Create(Pointer, Small, 5);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Pointer, 2, new EnvRandom(46));
        var logits = new float[10];
        var values = new float[2];
        policy.Forward(batch, 2, logits, values);
        float[] before = (float[])logits.Clone();

        batch.TaskIds[0] = (batch.TaskIds[0] + 1) % Pointer.NumTasks;
        policy.Forward(batch, 2, logits, values);
        float[] afterTaskChange = (float[])logits.Clone();
        batch.GoalFeatures[0] += 1f;
        policy.Forward(batch, 2, logits, values);

        Assert.That(afterTaskChange, Is.EqualTo(before));
        Assert.That(logits.Take(5), Is.Not.EqualTo(before.Take(5)));
    }

    [Test]
    public void Create_SameSeed_GivesIdenticalWeights()
    {
        PolicyTestKit.AssertSameSeedGivesSameWeights(Rich, Small);
    }

    [Test]
    public void FromCheckpoint_RoundTripsWeightsAndOutputs()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, SmallWithIds, 7);
        PolicyTestKit.RandomizeWeights(policy, new EnvRandom(47));
        var content = new CheckpointContent(new CheckpointManifest { Policy = SmallWithIds, Spec = Rich }, policy.ExportWeights());

        IActorCritic loaded = PolicyFactory.FromCheckpoint(content);
        IActorCritic clone = policy.CloneForInference();

        Assert.That(loaded.ExportWeights().Select(t => t.Data), Is.EqualTo(policy.ExportWeights().Select(t => t.Data)));
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 3, new EnvRandom(48));
        MlpPolicyTests.AssertSameOutputs(policy, loaded, batch, 3);
        MlpPolicyTests.AssertSameOutputs(policy, clone, batch, 3);
    }

    [Test]
    public void ImportWeights_MissingTensor_ThrowsNamingIt()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, Small, 7);

        var e = Assert.Throws<ArgumentException>(() => policy.ImportWeights(policy.ExportWeights().Where(t => t.Name != "node_proj.weight").ToArray()));

        Assert.That(e!.Message, Does.Contain("node_proj.weight").And.Contain("[4, 3]"));
    }

    [Test]
    public void ForwardBackwardStep_AfterWarmUp_AllocatesNothing()
    {
        const int count = 16;
        IActorCritic policy = PolicyFactory.Create(Rich, new PolicyOptions(), 8);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, count, new EnvRandom(49));

        PolicyTestKit.AssertTrainingStepAllocatesNothing(policy, batch, count, iterations: 3);
    }

    [Test]
    public void Constructor_SpecWithoutNodes_ThrowsSuggestingMlp()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new TaskNodePolicy(PolicyTestKit.CartPole, Small, 1));

        Assert.That(e!.Message, Does.Contain("mlp"));
    }

    [Test]
    public void Forward_NodeIdOutOfVocabulary_ThrowsNamingIt()
    {
        IActorCritic policy = PolicyFactory.Create(Rich, SmallWithIds, 9);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Rich, 1, new EnvRandom(50));
        batch.NodeIds[0] = Rich.NodeVocabSize;

        var e = Assert.Throws<ArgumentException>(() => policy.Forward(batch, 1, new float[Rich.NumActions], new float[1]));

        Assert.That(e!.Message, Does.Contain("node_embedding.weight").And.Contain("[0, 6)"));
    }
}
