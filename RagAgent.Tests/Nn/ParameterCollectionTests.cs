using RagAgent.Core.Nn;
using RagAgent.Core.Tensors;

namespace RagAgent.Tests.Nn;

public sealed class ParameterCollectionTests
{
    private static ParameterCollection Sample()
    {
        var parameters = new ParameterCollection();
        parameters.Add("a.weight", 2, 3);
        parameters.Add("a.bias", 2);
        return parameters;
    }

    [Test]
    public void ExportImport_RoundTripsExactly()
    {
        ParameterCollection source = Sample();
        for (int i = 0; i < 6; i++)
        {
            source["a.weight"].Value[i] = i * 0.1f;
        }

        source["a.bias"].Value[1] = -3f;
        ParameterCollection target = Sample();

        target.Import(source.Export());

        Assert.That(target["a.weight"].Value, Is.EqualTo(source["a.weight"].Value));
        Assert.That(target["a.bias"].Value, Is.EqualTo(source["a.bias"].Value));
    }

    [Test]
    public void Import_MissingTensor_ThrowsNamingItAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Sample().Import([new NamedTensor("a.weight", [2, 3], new float[6])]));

        Assert.That(e!.Message, Does.Contain("a.bias").And.Contain("[2]"));
    }

    [Test]
    public void Import_MisShapedTensor_ThrowsAndChangesNothing()
    {
        ParameterCollection target = Sample();

        var e = Assert.Throws<ArgumentException>(() => target.Import(
        [
            new NamedTensor("a.weight", [2, 3], Enumerable.Repeat(1f, 6).ToArray()),
            new NamedTensor("a.bias", [3], new float[3]),
        ]));

        Assert.That(e!.Message, Does.Contain("a.bias").And.Contain("expected shape [2]"));
        Assert.That(target["a.weight"].Value, Is.All.EqualTo(0f));
    }

    [Test]
    public void Add_DuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Sample().Add("a.bias", 1));
    }
}
