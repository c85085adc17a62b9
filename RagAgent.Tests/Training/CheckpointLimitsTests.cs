using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Training;

/// <summary>A manifest that declares sizes its weights cannot back is refused before the network is allocated.</summary>
public sealed class CheckpointLimitsTests
{
    private static readonly EnvSpec CartPole = new() { Id = "cartpole", GlobalFeatureSize = 4, ExtraActions = 2 };

    private static CheckpointContent Trained()
    {
        IActorCritic policy = PolicyFactory.Create(CartPole, new PolicyOptions { Architecture = PolicyArchitecture.Mlp }, seed: 1);
        return new CheckpointContent(new CheckpointManifest { Policy = policy.Options, Spec = CartPole }, policy.ExportWeights());
    }

    [Test]
    public void FromCheckpoint_HiddenSizesTheWeightsCannotBack_ThrowsBeforeAllocating()
    {
        CheckpointContent content = Trained();
        content = content with { Manifest = content.Manifest with { Policy = content.Manifest.Policy with { HiddenSizes = [30000, 30000] } } };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => PolicyFactory.FromCheckpoint(content));
        Assert.That(e!.Message, Does.Contain("[30000, 30000]").And.Contain("weights"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1L << 20));
    }

    [Test]
    public void FromCheckpoint_ObservationPartBeyondTheLimit_ThrowsNamingIt()
    {
        CheckpointContent content = Trained();
        content = content with { Manifest = content.Manifest with { Spec = CartPole with { GlobalFeatureSize = 1 << 30 } } };

        var e = Assert.Throws<InvalidDataException>(() => PolicyFactory.FromCheckpoint(content));
        Assert.That(e!.Message, Does.Contain("GlobalFeatureSize"));
    }

    [Test]
    public void FromCheckpoint_RealWeights_StillLoad()
    {
        Assert.That(PolicyFactory.FromCheckpoint(Trained()).Spec, Is.EqualTo(CartPole));
    }

    [Test]
    public void FromCheckpoint_LargeNetwork_ImportsWithoutInitialising()
    {
        // A [64, 40000] input layer: orthogonal initialisation would need QR temporaries in double precision (several
        // times the layer); importing needs the values and the gradient buffers only.
        EnvSpec wide = CartPole with { GlobalFeatureSize = 40_000 };
        IActorCritic policy = PolicyFactory.Create(wide, new PolicyOptions { Architecture = PolicyArchitecture.Mlp }, seed: 1);
        var content = new CheckpointContent(new CheckpointManifest { Policy = policy.Options, Spec = wide }, policy.ExportWeights());
        long weightBytes = 4L * content.Weights.Sum(w => (long)w.Data.Length);

        long before = GC.GetAllocatedBytesForCurrentThread();
        IActorCritic loaded = PolicyFactory.FromCheckpoint(content);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(3 * weightBytes), $"{allocated} bytes allocated for {weightBytes} bytes of weights");
        Assert.That(loaded.ExportWeights().SelectMany(w => w.Data), Is.EqualTo(content.Weights.SelectMany(w => w.Data)));
    }

    [Test]
    public void Create_HiddenSizesBeyondAnArray_ThrowsArgumentExceptionNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => PolicyFactory.Create(CartPole, new PolicyOptions { HiddenSizes = [46341, 46341] }, seed: 1));
        Assert.That(e!.ParamName, Is.EqualTo(nameof(PolicyOptions.HiddenSizes)));
    }

    [Test]
    public void Create_InputLayerBeyondAnArray_ThrowsArgumentExceptionNamingTheTensor()
    {
        EnvSpec huge = CartPole with { GlobalFeatureSize = 1 << 24 };
        var e = Assert.Throws<ArgumentException>(() => PolicyFactory.Create(huge, new PolicyOptions { HiddenSizes = [256] }, seed: 1));
        Assert.That(e!.Message, Does.Contain("actor.0.weight").And.Contain("[256, 16777216]"));
    }
}
