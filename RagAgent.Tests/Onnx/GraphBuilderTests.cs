using RagAgent.Core.Tensors;
using RagAgent.Onnx;

namespace RagAgent.Tests.Onnx;

internal sealed class GraphBuilderTests
{
    [Test]
    public void Weight_Missing_ThrowsNamingItAndTheShape()
    {
        var graph = new GraphBuilder([]);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => graph.Weight("actor.0.weight", 64, 4))!;

        Assert.That(e.Message, Does.Contain("'actor.0.weight' [64, 4]"));
    }

    [Test]
    public void Weight_MisShaped_ThrowsNamingBothShapes()
    {
        var graph = new GraphBuilder([new NamedTensor("value.bias", [2], new float[2])]);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => graph.Weight("value.bias", 1))!;

        Assert.That(e.Message, Does.Contain("'value.bias' has shape [2]; expected [1]"));
    }
}
