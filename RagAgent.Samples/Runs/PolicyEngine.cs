namespace RagAgent.Samples.Runs;

/// <summary>The neural-network engine a run trains on (<c>train --engine</c>; <c>config.json</c> key <c>engine</c>).</summary>
internal enum PolicyEngine
{
    /// <summary>RagAgent.Core's managed float32 engine (the default; fastest for small networks on a CPU).</summary>
    Managed,

    /// <summary>RagAgent.TorchSharp on libtorch (CPU or CUDA, <c>--device</c>).</summary>
    Torch,
}
