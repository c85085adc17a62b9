using BenchmarkDotNet.Attributes;
using RagAgent.Core.Tensors;

namespace RagAgent.Benchmarks.Tensors;

/// <summary>A·B on 512×256×256 with <see cref="MatMul.MaxDegreeOfParallelism"/> 1 and 2.</summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class MatMulParallelBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    [Params("512x256x256")]
    public string Shape { get; set; } = "512x256x256";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        a = MatMulBenchmarks.Fill(512 * 256, 1);
        b = MatMulBenchmarks.Fill(256 * 256, 2);
        c = new float[512 * 256];
        MatMul.MaxDegreeOfParallelism = Threads;
    }

    [GlobalCleanup]
    public void Cleanup() => MatMul.MaxDegreeOfParallelism = 1;

    [Benchmark]
    public void Multiply() => MatMul.Multiply(a, b, c, 512, 256, 256);
}
