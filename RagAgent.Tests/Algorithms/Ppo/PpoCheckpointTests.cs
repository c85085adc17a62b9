using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Algorithms.Ppo;

public sealed class PpoCheckpointTests
{
    [Test]
    public void SaveCheckpoint_BeforeAnyEpisodeFinished_SavesAndLeavesEpisodeMetricsOut()
    {
        var options = new PpoOptions { NumEnvs = 1, NumSteps = 4, NumMinibatches = 1 };
        IVectorEnv envs = EnvRegistry.CreateDefault().MakeVector("cartpole", 1);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, new PolicyOptions(), seed: 1);
        var trainer = new PpoTrainer(policy, envs, options, seed: 1);
        trainer.Learn(4);
        Assert.That(trainer.Episodes, Is.Zero, "CartPole lasts longer than 4 steps");
        string path = Path.Combine(Path.GetTempPath(), $"no-episode-{Guid.NewGuid():N}.safetensors");
        try
        {
            trainer.SaveCheckpoint(path);
            CheckpointContent content = CheckpointFile.Load(path);

            Assert.That(content.Manifest.Metrics, Does.Not.ContainKey("mean_return"));
            Assert.That(content.Manifest.Metrics["episodes"], Is.Zero);
            Assert.That(content.Manifest.TrainingSteps, Is.EqualTo(4));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
