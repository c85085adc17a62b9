using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Policies;

public sealed class ObservationBatchTests
{
    private static readonly EnvSpec Nodes = new()
    {
        Id = "nodes", NumTasks = 2, GoalFeatureSize = 2, MaxNodes = 3, NodeFeatureSize = 2, ActionsPerNode = 1, ExtraActions = 1,
    };

    [Test]
    public void CopyRowTo_SameSizes_CopiesEveryPart()
    {
        ObservationBatch source = PolicyTestKit.RandomBatch(Nodes, 3, new EnvRandom(1));
        var destination = new ObservationBatch(Nodes with { Id = "other-id" }, 2);

        source.CopyRowTo(2, destination, 1);

        Assert.That(destination.TaskIds[1], Is.EqualTo(source.TaskIds[2]));
        Assert.That(destination.GoalFeatures[2..4], Is.EqualTo(source.GoalFeatures[4..6]));
        Assert.That(destination.NodeFeatures[6..12], Is.EqualTo(source.NodeFeatures[12..18]));
        Assert.That(destination.ActionMask(1).ToArray(), Is.EqualTo(source.ActionMask(2).ToArray()));
    }

    [Test]
    public void CopyRowTo_DestinationOfOtherSizes_ThrowsNamingDestination()
    {
        ObservationBatch source = PolicyTestKit.RandomBatch(Nodes, 2, new EnvRandom(2));
        var destination = new ObservationBatch(Nodes with { GoalFeatureSize = 3 }, 4);

        var e = Assert.Throws<ArgumentException>(() => source.CopyRowTo(0, destination, 0));

        Assert.That(e!.ParamName, Is.EqualTo("destination"));
        Assert.That(e.Message, Does.Contain("goal 2"));
    }

    [Test]
    public void ActionMask_RowOutsideCapacity_ThrowsNamingRow()
    {
        var batch = new ObservationBatch(Nodes, 2);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => batch.ActionMask(2));

        Assert.That(e!.ParamName, Is.EqualTo("row"));
    }
}
