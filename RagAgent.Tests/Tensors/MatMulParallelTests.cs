using RagAgent.Core.Tensors;
using RagAgent.Core.Tensors.Kernels;
using RagAgent.Envs.Randomness;
using static RagAgent.Tests.Tensors.MatMulTests;

namespace RagAgent.Tests.Tensors;

public sealed class MatMulParallelTests
{
    private static readonly int[][] Shapes = [[300, 70, 45], [256, 33, 2], [200, 5, 130], [130, 257, 1], [512, 256, 256]];

    private static IEnumerable<TestCaseData> FormsPathsAndShapes() =>
        from form in Enum.GetValues<Form>()
        from path in Enum.GetValues<SimdPath>()
        from shape in Shapes
        where path == SimdPath.Vector512 || shape[0] < 512
        select new TestCaseData(form, path, shape[0], shape[1], shape[2])
            .SetArgDisplayNames(form.ToString(), path.ToString(), $"{shape[0]}x{shape[1]}x{shape[2]}");

    [TestCaseSource(nameof(FormsPathsAndShapes))]
    public void Product_TwoAndThreeThreads_BitIdenticalToOneThread(Form form, SimdPath path, int m, int k, int n)
    {
        var random = new EnvRandom(m + k + n);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] initial = RandomMatrix(random, m * n);
        float[] single = (float[])initial.Clone();
        Invoke(form, path, a, b, single, m, k, n, accumulate: true, degreeOfParallelism: 1);

        foreach (int degree in new[] { 2, 3 })
        {
            float[] parallel = (float[])initial.Clone();
            Invoke(form, path, a, b, parallel, m, k, n, accumulate: true, degreeOfParallelism: degree);

            AssertBitIdentical(single, parallel, $"{degree} threads");
        }
    }

    [Test]
    public void MaxDegreeOfParallelism_Two_LargeProductBitIdenticalAndAllocationFree()
    {
        const int m = 512, k = 256, n = 256;
        var random = new EnvRandom(11);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] single = new float[m * n];
        float[] parallel = new float[m * n];
        MatMul.Multiply(a, b, single, m, k, n);

        MatMul.MaxDegreeOfParallelism = 2;
        try
        {
            MatMul.Multiply(a, b, parallel, m, k, n);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                MatMul.Multiply(a, b, parallel, m, k, n);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            MatMul.MaxDegreeOfParallelism = 1;
        }

        AssertBitIdentical(single, parallel, "MaxDegreeOfParallelism = 2");
    }

    [Test]
    public void MaxDegreeOfParallelism_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.MaxDegreeOfParallelism = 0);
        Assert.That(MatMul.MaxDegreeOfParallelism, Is.EqualTo(1));
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string context)
    {
        int mismatch = -1;
        for (int i = 0; i < expected.Length && mismatch < 0; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                mismatch = i;
            }
        }

        Assert.That(mismatch, Is.EqualTo(-1), () => $"{context}: first difference at {mismatch}");
    }
}
