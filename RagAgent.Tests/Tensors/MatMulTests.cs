using RagAgent.Core.Tensors;
using RagAgent.Core.Tensors.Kernels;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Tensors;

public sealed class MatMulTests
{
    public enum Form
    {
        Multiply,
        TransposeA,
        TransposeB,
    }

    /// <summary>Mirror of the internal <see cref="KernelPath"/> (test methods are public).</summary>
    public enum SimdPath
    {
        Scalar,
        Vector128,
        Vector256,
        Vector512,
    }

    private static readonly int[][] Shapes =
    [
        [1, 1, 1], [3, 5, 7], [7, 13, 5], [33, 257, 65], [128, 64, 64], [64, 4, 2],
        [128, 4, 64], [128, 64, 2], [128, 64, 1], [4, 64, 64], [9, 31, 33], [70, 3, 17], [20, 9, 40], [17, 3, 530], [40, 5, 3],
    ];

    private static IEnumerable<TestCaseData> FormsPathsAndShapes() =>
        from form in Enum.GetValues<Form>()
        from path in Enum.GetValues<SimdPath>()
        from shape in Shapes
        select new TestCaseData(form, path, shape[0], shape[1], shape[2])
            .SetArgDisplayNames(form.ToString(), path.ToString(), $"{shape[0]}x{shape[1]}x{shape[2]}");

    [TestCaseSource(nameof(FormsPathsAndShapes))]
    public void Product_OddShapes_MatchesFloat64Reference(Form form, SimdPath path, int m, int k, int n)
    {
        var random = new EnvRandom(m * 10_000 + k * 100 + n);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] c = RandomMatrix(random, m * n);

        Invoke(form, path, a, b, c, m, k, n, accumulate: false);

        AssertClose(form, a, b, new float[m * n], c, m, k, n);
    }

    [TestCaseSource(nameof(FormsPathsAndShapes))]
    public void Product_Accumulate_AddsToExistingOutput(Form form, SimdPath path, int m, int k, int n)
    {
        var random = new EnvRandom(m * 10_000 + k * 100 + n + 7);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] initial = RandomMatrix(random, m * n);
        float[] c = (float[])initial.Clone();

        Invoke(form, path, a, b, c, m, k, n, accumulate: true);

        AssertClose(form, a, b, initial, c, m, k, n);
    }

    [TestCase(Form.Multiply, "Multiply")]
    [TestCase(Form.TransposeA, "MultiplyTransposeA")]
    [TestCase(Form.TransposeB, "MultiplyTransposeB")]
    public void Product_BufferTooSmall_ThrowsNamingFormAndSizes(Form form, string name)
    {
        float[] a = new float[3 * 4];
        float[] b = new float[4 * 5];
        float[] c = new float[(3 * 5) - 1];

        ArgumentException? error = Assert.Throws<ArgumentException>(() => Invoke(form, a, b, c, 3, 4, 5, accumulate: false));

        Assert.That(error!.Message, Does.Contain($"MatMul.{name}").And.Contain("c has 14 (needs 15)"));
    }

    [TestCase(Form.Multiply)]
    [TestCase(Form.TransposeA)]
    [TestCase(Form.TransposeB)]
    public void Product_ZeroInnerDimension_ClearsOrKeepsOutput(Form form)
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];

        Invoke(form, [], [], c, 2, 0, 3, accumulate: true);
        Assert.That(c, Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f, 6f }));

        Invoke(form, [], [], c, 2, 0, 3, accumulate: false);
        Assert.That(c, Is.All.Zero);
    }

    [TestCase(Form.Multiply, 128, 64, 64)]
    [TestCase(Form.TransposeA, 128, 64, 64)]
    [TestCase(Form.TransposeB, 128, 64, 64)]
    [TestCase(Form.Multiply, 128, 64, 2)]
    [TestCase(Form.TransposeA, 128, 64, 1)]
    [TestCase(Form.TransposeB, 128, 4, 64)]
    public void Product_RepeatedCalls_AllocateNothing(Form form, int m, int k, int n)
    {
        var random = new EnvRandom(5);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] c = new float[m * n];
        Invoke(form, a, b, c, m, k, n, accumulate: false);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Invoke(form, a, b, c, m, k, n, accumulate: i % 2 == 0);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    internal static float[] RandomMatrix(EnvRandom random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextFloat(-1f, 1f);
        }

        return values;
    }

    internal static void Invoke(Form form, SimdPath path, float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate, int degreeOfParallelism = 1)
    {
        KernelPath kernelPath = Enum.Parse<KernelPath>(path.ToString());
        switch (form)
        {
            case Form.Multiply:
                MatMul.Multiply(a, b, c, m, k, n, accumulate, kernelPath, degreeOfParallelism);
                break;
            case Form.TransposeA:
                MatMul.MultiplyTransposeA(a, b, c, m, k, n, accumulate, kernelPath, degreeOfParallelism);
                break;
            default:
                MatMul.MultiplyTransposeB(a, b, c, m, k, n, accumulate, kernelPath, degreeOfParallelism);
                break;
        }
    }

    private static void Invoke(Form form, float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate)
    {
        switch (form)
        {
            case Form.Multiply:
                MatMul.Multiply(a, b, c, m, k, n, accumulate);
                break;
            case Form.TransposeA:
                MatMul.MultiplyTransposeA(a, b, c, m, k, n, accumulate);
                break;
            default:
                MatMul.MultiplyTransposeB(a, b, c, m, k, n, accumulate);
                break;
        }
    }

    /// <summary>Checks every entry against a float64 product within the worst-case float32 rounding bound.</summary>
    internal static void AssertClose(Form form, float[] a, float[] b, float[] initial, float[] actual, int m, int k, int n)
    {
        const double unitRoundoff = 1.0 / (1 << 24);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = initial[(i * n) + j];
                double magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double aip = form == Form.TransposeA ? a[(p * m) + i] : a[(i * k) + p];
                    double bpj = form == Form.TransposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += aip * bpj;
                    magnitude += Math.Abs(aip * bpj);
                }

                double bound = 2 * (k + 2) * unitRoundoff * magnitude;
                Assert.That(actual[(i * n) + j], Is.EqualTo(sum).Within(bound), $"{form} {m}x{k}x{n} at [{i}, {j}]");
            }
        }
    }
}
