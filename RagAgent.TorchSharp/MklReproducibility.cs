using System.Runtime.InteropServices;
using TorchSharp;

namespace RagAgent.TorchSharp;

/// <summary>
/// Same seed, same curve across processes: libtorch's x64 CPU builds carry Intel MKL, whose matrix products may
/// round differently from run to run depending on how the buffers happen to be aligned in memory (measured here: the
/// first PPO update's policy loss differed in the 7th digit between two processes with the same seed). MKL's
/// conditional numerical reproducibility (CNR) mode <c>AUTO,STRICT</c> — the code path MKL picks for this CPU, made
/// independent of alignment — removes that; it is what the environment variable <c>MKL_CBWR=AUTO,STRICT</c> sets.
/// </summary>
/// <remarks>
/// Set once, before the engine's first computation, through MKL's exported <c>mkl_serv_cbwr_set</c> in
/// <c>torch_cpu</c>. Backends without MKL (macOS arm64) do not export it and need nothing. MKL keeps the first mode it
/// computed with, so a process that ran MKL code before building a torch policy keeps its own mode.
/// </remarks>
internal static class MklReproducibility
{
    private const int CbwrAuto = 2;
    private const int CbwrStrict = 0x10000;
    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>True when the strict mode is in effect for this process (or MKL is not part of libtorch here).</summary>
    public static bool Ensure() => Applied.Value;

    private static unsafe bool Apply()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        if (!NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out IntPtr library))
        {
            return true;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(library, "mkl_serv_cbwr_set", out IntPtr set))
            {
                return true;
            }

            var setMode = (delegate* unmanaged<int, int>)set;
            return setMode(CbwrAuto | CbwrStrict) == 0;
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }
}
