using BenchmarkDotNet.Running;

namespace RagAgent.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet switcher).</summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/RagAgent.Benchmarks -- --filter *</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
