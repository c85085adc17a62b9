using System.Text.Json;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Policies;

/// <summary>
/// Every policy option takes effect or throws naming it, a built policy reports the options it resolved, and what a
/// checkpoint records comes from the policy itself (issue 11).
/// </summary>
public sealed class PolicyOptionsHonestyTests
{
    /// <summary>Three tasks, goal features, no nodes: an mlp env where task ids and goal features both exist.</summary>
    private static readonly EnvSpec Goals = new() { Id = "goals", NumTasks = 3, GoalFeatureSize = 2, GlobalFeatureSize = 2, ExtraActions = 3 };

    private static readonly EnvSpec TaskIdsOnly = Goals with { Id = "task-ids-only", GoalFeatureSize = 0 };

    private static readonly EnvSpec Nodes = new()
    {
        Id = "nodes", NumTasks = 2, GoalFeatureSize = 2, MaxNodes = 3, NodeVocabSize = 5, NodeFeatureSize = 2, ActionsPerNode = 1, ExtraActions = 1,
    };

    [Test]
    public void PpoTrainer_WithoutPolicyOptions_CheckpointOf128x128PolicyLoadsInto128x128()
    {
        var ppo = new PpoOptions { NumEnvs = 2, NumSteps = 8, NumMinibatches = 2, UpdateEpochs = 1 };
        using var envs = new SyncVectorEnv([new CartPoleEnv(), new CartPoleEnv()]);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, new PolicyOptions { HiddenSizes = [128, 128] }, seed: 1);
        var trainer = new PpoTrainer(policy, envs, ppo, seed: 1);
        // Long enough for CartPole episodes to finish: a checkpoint's metrics must be finite to be written.
        trainer.Learn(160);
        string path = Path.Combine(Path.GetTempPath(), $"ragagent-{Guid.NewGuid():N}.safetensors");
        try
        {
            trainer.SaveCheckpoint(path);
            CheckpointContent content = CheckpointFile.Load(path);

            IActorCritic loaded = PolicyFactory.FromCheckpoint(content);

            Assert.That(content.Manifest.Policy.HiddenSizes, Is.EqualTo(new[] { 128, 128 }));
            Assert.That(content.Manifest.Policy.Architecture, Is.EqualTo(PolicyArchitecture.Mlp), "resolved, not auto");
            Assert.That(loaded.ExportWeights().Select(t => t.Shape), Is.EqualTo(policy.ExportWeights().Select(t => t.Shape)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Options_AutoOptions_AreResolvedForTheSpec()
    {
        PolicyOptions mlp = PolicyFactory.Create(Goals, new PolicyOptions(), 1).Options;
        PolicyOptions taskNode = PolicyFactory.Create(Nodes, new PolicyOptions(), 1).Options;

        Assert.That((mlp.Architecture, mlp.TaskIdEmbedding, mlp.NodeIdEmbedding, mlp.EmbeddingSize),
            Is.EqualTo((PolicyArchitecture.Mlp, IdEmbedding.Always, IdEmbedding.Never, (int?)null)));
        Assert.That((taskNode.Architecture, taskNode.TaskIdEmbedding, taskNode.NodeIdEmbedding, taskNode.EmbeddingSize),
            Is.EqualTo((PolicyArchitecture.TaskNode, IdEmbedding.Always, IdEmbedding.Never, (int?)PolicyOptions.DefaultEmbeddingSize)));
    }

    [Test]
    public void Options_RebuiltFromResolvedOptions_GiveTheSameNetwork()
    {
        foreach (EnvSpec spec in new[] { Goals, TaskIdsOnly, Nodes })
        {
            IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Auto }, 1);
            IActorCritic rebuilt = PolicyFactory.Create(spec, policy.Options, 1);

            Assert.That(rebuilt.Options, Is.EqualTo(policy.Options).Using<PolicyOptions>(SameOptions), spec.Id);
            Assert.That(rebuilt.ExportWeights().Select(t => t.Name), Is.EqualTo(policy.ExportWeights().Select(t => t.Name)), spec.Id);
        }
    }

    [Test]
    public void MlpPolicy_TaskIdEmbeddingNever_OutputDoesNotDependOnTaskId()
    {
        var policy = new MlpPolicy(Goals, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Never }, seed: 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Goals, 3, new EnvRandom(5));
        batch.TaskIds.AsSpan().Clear();
        float[] logits0 = Logits(policy, batch);
        batch.TaskIds.AsSpan().Fill(2);
        float[] logits2 = Logits(policy, batch);

        Assert.That(policy.InputSize, Is.EqualTo(Goals.GlobalFeatureSize + Goals.GoalFeatureSize), "no one-hot task id in the input");
        Assert.That(logits2, Is.EqualTo(logits0));
        Assert.That(policy.Options.TaskIdEmbedding, Is.EqualTo(IdEmbedding.Never));
    }

    [Test]
    public void MlpPolicy_TaskIdEmbeddingAlwaysAndAuto_OneHotAsDocumented()
    {
        int withOneHot = Goals.GlobalFeatureSize + Goals.GoalFeatureSize + Goals.NumTasks;

        Assert.That(new MlpPolicy(Goals, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Always }, 1).InputSize, Is.EqualTo(withOneHot));
        Assert.That(new MlpPolicy(Goals, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Auto }, 1).InputSize, Is.EqualTo(withOneHot - Goals.NumTasks),
            "auto: goal features present, so no task ids");
        Assert.That(new MlpPolicy(TaskIdsOnly, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Auto }, 1).InputSize,
            Is.EqualTo(TaskIdsOnly.GlobalFeatureSize + TaskIdsOnly.NumTasks), "auto: no goal features, so task ids");
    }

    [Test]
    public void MlpPolicy_OptionsItCannotHonour_ThrowNamingTheOption()
    {
        static string Message(EnvSpec spec, PolicyOptions options) =>
            Assert.Throws<ArgumentException>(() => PolicyFactory.Create(spec, options, 1))!.Message;

        Assert.That(Message(TaskIdsOnly, new PolicyOptions { TaskIdEmbedding = IdEmbedding.Never }), Does.Contain("TaskIdEmbedding"));
        Assert.That(Message(Goals, new PolicyOptions { EmbeddingSize = 64 }), Does.Contain("EmbeddingSize"));
        Assert.That(Message(Nodes, new PolicyOptions { Architecture = PolicyArchitecture.Mlp, NodeIdEmbedding = IdEmbedding.Always }),
            Does.Contain("NodeIdEmbedding"));
        Assert.That(Message(Goals, new PolicyOptions { Architecture = PolicyArchitecture.TaskNode }), Does.Contain("MaxNodes"));
        Assert.That(Message(Goals, new PolicyOptions { HiddenSizes = [] }), Does.Contain("HiddenSizes"));
        Assert.That(Message(Goals, new PolicyOptions { Activation = (Activation)5 }), Does.Contain("Activation"));
    }

    [Test]
    public void TaskNodePolicy_EmbeddingSizeAndActivation_TakeEffect()
    {
        IActorCritic wide = PolicyFactory.Create(Nodes, new PolicyOptions { EmbeddingSize = 16 }, 1);
        IActorCritic relu = PolicyFactory.Create(Nodes, new PolicyOptions { Activation = Activation.ReLU }, 1);
        IActorCritic tanh = PolicyFactory.Create(Nodes, new PolicyOptions(), 1);
        ObservationBatch batch = PolicyTestKit.RandomBatch(Nodes, 2, new EnvRandom(6));

        Assert.That(wide.ExportWeights().Single(t => t.Name == "node_proj.weight").Shape, Is.EqualTo(new[] { 16, 2 }));
        Assert.That(Logits(relu, batch), Is.Not.EqualTo(Logits(tanh, batch)));
    }

    [Test]
    public void Json_OptionEnums_UseTheSpellingsOf010()
    {
        var options = new PolicyOptions
        {
            Architecture = PolicyArchitecture.TaskNode, Activation = Activation.ReLU, NodeIdEmbedding = IdEmbedding.Always, TaskIdEmbedding = IdEmbedding.Never,
        };
        string json = JsonSerializer.Serialize(options, CheckpointFile.JsonOptions);
        const string Written010 =
            """{"Architecture":"auto","HiddenSizes":[64,64],"EmbeddingSize":32,"Activation":"tanh","NodeIdEmbedding":"auto","TaskIdEmbedding":"always"}""";

        PolicyOptions read = JsonSerializer.Deserialize<PolicyOptions>(Written010, CheckpointFile.JsonOptions)!;

        Assert.That(json, Does.Contain("\"task-node\"").And.Contain("\"relu\"").And.Contain("\"always\"").And.Contain("\"never\""));
        Assert.That(JsonSerializer.Deserialize<PolicyOptions>(json, CheckpointFile.JsonOptions), Is.EqualTo(options).Using<PolicyOptions>(SameOptions));
        Assert.That((read.Architecture, read.Activation, read.NodeIdEmbedding, read.TaskIdEmbedding, read.EmbeddingSize),
            Is.EqualTo((PolicyArchitecture.Auto, Activation.Tanh, IdEmbedding.Auto, IdEmbedding.Always, (int?)32)));
    }

    [Test]
    public void FromCheckpoint_MlpManifestWrittenBy010_Loads()
    {
        // 0.1.0 wrote "EmbeddingSize": 32 and "auto" into every manifest, mlp included.
        IActorCritic policy = PolicyFactory.Create(Goals, new PolicyOptions(), 3);
        var old = new PolicyOptions { EmbeddingSize = 32, Architecture = PolicyArchitecture.Auto };
        var content = new CheckpointContent(new CheckpointManifest { Policy = old, Spec = Goals }, policy.ExportWeights());

        IActorCritic loaded = PolicyFactory.FromCheckpoint(content);

        ObservationBatch batch = PolicyTestKit.RandomBatch(Goals, 2, new EnvRandom(7));
        Assert.That(Logits(loaded, batch), Is.EqualTo(Logits(policy, batch)));
    }

    [Test]
    public void Forward_GrowingAndShrinkingBatches_MatchRowByRowAndNeedNoSizeUpFront()
    {
        foreach (EnvSpec spec in new[] { Goals, Nodes })
        {
            IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions(), 4);
            ObservationBatch batch = PolicyTestKit.RandomBatch(spec, 9, new EnvRandom(8));
            float[] single = new float[spec.NumActions];
            foreach (int count in new[] { 1, 9, 3 })
            {
                var logits = new float[count * spec.NumActions];
                policy.Forward(batch, count, logits, new float[count]);
                IActorCritic fresh = PolicyFactory.Create(spec, new PolicyOptions(), 4);
                var oneRow = new ObservationBatch(spec, 1);
                batch.CopyRowTo(count - 1, oneRow, 0);
                fresh.Forward(oneRow, 1, single, new float[1]);
                Assert.That(logits.AsSpan((count - 1) * spec.NumActions).ToArray(), Is.EqualTo(single).Within(1e-5f), $"{spec.Id}, {count} rows");
            }
        }
    }

    private static float[] Logits(IActorCritic policy, ObservationBatch batch)
    {
        var logits = new float[batch.Capacity * policy.Spec.NumActions];
        policy.Forward(batch, batch.Capacity, logits, new float[batch.Capacity]);
        return logits;
    }

    private static bool SameOptions(PolicyOptions a, PolicyOptions b) =>
        a with { HiddenSizes = [] } == b with { HiddenSizes = [] } && a.HiddenSizes.SequenceEqual(b.HiddenSizes);
}
