using RagAgent.Core.Algorithms.Ppo;

namespace RagAgent.Tests.Algorithms.Ppo;

public sealed class PpoOptionsTests
{
    [Test]
    public void Defaults_AreCleanRlPpo()
    {
        var o = new PpoOptions();
        Assert.Multiple(() =>
        {
            Assert.That(o.NumEnvs, Is.EqualTo(4));
            Assert.That(o.NumSteps, Is.EqualTo(128));
            Assert.That(o.BatchSize, Is.EqualTo(512));
            Assert.That(o.MinibatchSize, Is.EqualTo(128));
            Assert.That(o.LearningRate, Is.EqualTo(2.5e-4f));
            Assert.That(o.ClipValueLoss, Is.True);
            Assert.That(o.TargetKl, Is.Null);
        });
        Assert.That(o.Validate, Throws.Nothing);
    }

    [TestCase(nameof(PpoOptions.NumEnvs))]
    [TestCase(nameof(PpoOptions.Gamma))]
    [TestCase(nameof(PpoOptions.NumMinibatches))]
    [TestCase(nameof(PpoOptions.ClipCoef))]
    [TestCase(nameof(PpoOptions.TargetKl))]
    public void Validate_BadField_ThrowsNamingIt(string field)
    {
        PpoOptions bad = field switch
        {
            nameof(PpoOptions.NumEnvs) => new PpoOptions { NumEnvs = 0 },
            nameof(PpoOptions.Gamma) => new PpoOptions { Gamma = 1.5f },
            nameof(PpoOptions.NumMinibatches) => new PpoOptions { NumMinibatches = 3 },
            nameof(PpoOptions.ClipCoef) => new PpoOptions { ClipCoef = float.NaN },
            _ => new PpoOptions { TargetKl = 0f },
        };
        Assert.That(bad.Validate, Throws.ArgumentException.With.Property("ParamName").EqualTo(field).And.Message.Contains("PpoOptions." + field));
    }

    [Test]
    public void Get_CartPoleZoo_IsRlZooSettings()
    {
        PpoOptions zoo = PpoPresets.Get("cartpole-zoo");
        Assert.Multiple(() =>
        {
            Assert.That(zoo.BatchSize, Is.EqualTo(256));
            Assert.That(zoo.MinibatchSize, Is.EqualTo(256));
            Assert.That(zoo.GaeLambda, Is.EqualTo(0.8f));
            Assert.That(zoo.Gamma, Is.EqualTo(0.98f));
            Assert.That(zoo.UpdateEpochs, Is.EqualTo(20));
            Assert.That(zoo.LearningRate, Is.EqualTo(1e-3f));
            Assert.That(zoo.AnnealLr && zoo.AnnealClipCoef, Is.True);
            Assert.That(zoo.EntCoef, Is.Zero);
        });
        Assert.That(PpoPresets.Get("DEFAULT"), Is.EqualTo(new PpoOptions()));
    }

    [Test]
    public void Get_UnknownName_ListsKnownPresets()
    {
        Assert.That(
            () => PpoPresets.Get("atari"),
            Throws.ArgumentException.With.Message.Contains("Unknown PPO preset 'atari'").And.Message.Contains("default, cartpole-zoo"));
    }
}
