using BenchmarkDotNet.Attributes;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Randomness;

namespace RagAgent.Benchmarks.Tensors;

/// <summary>The three product forms on the shapes (m×k×n) and the CartPole PPO layers, single-threaded.</summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class MatMulBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];
    private int m;
    private int k;
    private int n;

    public enum Form
    {
        Multiply,
        TransposeA,
        TransposeB,
    }

    [Params("128x64x64", "512x256x256", "128x4x64", "128x64x2", "128x64x1", "4x64x64")]
    public string Shape { get; set; } = "128x64x64";

    [Params(Form.Multiply, Form.TransposeA, Form.TransposeB)]
    public Form Product { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = Shape.Split('x').Select(int.Parse).ToArray();
        (m, k, n) = (sizes[0], sizes[1], sizes[2]);
        a = Fill(m * k, 1);
        b = Fill(k * n, 2);
        c = new float[m * n];
    }

    [Benchmark]
    public void MatMul()
    {
        switch (Product)
        {
            case Form.Multiply:
                RagAgent.Core.Tensors.MatMul.Multiply(a, b, c, m, k, n);
                break;
            case Form.TransposeA:
                RagAgent.Core.Tensors.MatMul.MultiplyTransposeA(a, b, c, m, k, n);
                break;
            default:
                RagAgent.Core.Tensors.MatMul.MultiplyTransposeB(a, b, c, m, k, n);
                break;
        }
    }

    internal static float[] Fill(int length, int seed)
    {
        var random = new EnvRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextFloat(-1f, 1f);
        }

        return values;
    }
}
