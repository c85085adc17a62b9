using RagAgent.Core.Embeddings;
using RagAgent.Core.Nn;
using RagAgent.Envs.Randomness;
using RagAgent.Tests.Nn;

namespace RagAgent.Tests.Embeddings;

public sealed class EmbeddingTests
{
    [Test]
    public void Forward_CopiesRowsOfIdsAndZeroesMaskedRows()
    {
        var embedding = new Embedding(new ParameterCollection(), "emb", 3, 2);
        float[] table = [1, 2, 3, 4, 5, 6];
        table.CopyTo(embedding.Weight.Value, 0);
        var output = new float[6];
        Array.Fill(output, 9f);

        embedding.Forward([2, 0, 1], output, 3, [true, true, false]);

        Assert.That(output, Is.EqualTo(new float[] { 5, 6, 1, 2, 0, 0 }));
    }

    [Test]
    public void Backward_AddsOnlyIntoLookedUpRows()
    {
        var embedding = new Embedding(new ParameterCollection(), "emb", 4, 2);

        embedding.Backward([1, 1, 3], [1, 2, 10, 20, 5, 5], 3, [true, true, false]);

        Assert.That(embedding.Weight.Grad, Is.EqualTo(new float[] { 0, 0, 11, 22, 0, 0, 0, 0 }));
    }

    [Test]
    public void Backward_RandomLinearLoss_MatchesFiniteDifferences()
    {
        var random = new EnvRandom(12);
        var embedding = new Embedding(new ParameterCollection(), "emb", 5, 3);
        embedding.InitializeNormal(random, 1f);
        int[] ids = [4, 0, 4, 2];
        float[] c = GradientCheck.Random(ids.Length * 3, random);
        var output = new float[ids.Length * 3];
        embedding.Backward(ids, c, ids.Length);

        GradientCheck.AssertMatches("weight", embedding.Weight.Value, embedding.Weight.Grad, () =>
        {
            embedding.Forward(ids, output, ids.Length);
            return GradientCheck.Dot(c, output);
        });
    }

    [Test]
    public void Forward_IdOutOfRange_ThrowsNamingIdsAndRange()
    {
        var embedding = new Embedding(new ParameterCollection(), "task_embedding", 3, 2);

        var e = Assert.Throws<ArgumentException>(() => embedding.Forward([0, 3], new float[4], 2));

        Assert.That(e!.ParamName, Is.EqualTo("ids"));
        Assert.That(e.Message, Does.Contain("[0, 3)").And.Contain("task_embedding.weight"));
    }

    [Test]
    public void Forward_NegativeRows_ThrowsNamingRows()
    {
        var embedding = new Embedding(new ParameterCollection(), "task_embedding", 3, 2);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward([0, 1], new float[4], -2));

        Assert.That(e!.ParamName, Is.EqualTo("rows"));
    }
}
