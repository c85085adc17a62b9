using System.Runtime.InteropServices;
using TorchSharp;

namespace RagAgent.TorchSharp;

/// <summary>Whether libtorch's native libraries load in this process (this package depends on TorchSharp only).</summary>
public static class TorchNatives
{
    private const string Advice = "add the libtorch backend package of your platform "
        + "(libtorch-cpu-linux-x64 2.10.0, libtorch-cpu-win-x64, libtorch-cpu-osx-arm64, TorchSharp-cuda-linux or TorchSharp-cuda-windows 0.107.0)";

    /// <summary>
    /// Loads libtorch's CPU backend; returns null when it works, else one line saying what failed and which package
    /// to add (the first tensor operation would otherwise fail with TorchSharp's own, longer message).
    /// </summary>
    /// <remarks>
    /// First probes for TorchSharp's native bridge (<c>LibTorchSharp</c>) the way the runtime resolves the
    /// application's native assets, without TorchSharp: when it is absent, TorchSharp's own initialisation would fall
    /// back to copying every libtorch binary it finds in the NuGet cache (about 500 MB) next to the application.
    /// </remarks>
    public static string? Problem()
    {
        if (!NativeLibrary.TryLoad("LibTorchSharp", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out IntPtr bridge))
        {
            return $"libtorch's native libraries are not part of this program: {Advice}.";
        }

        NativeLibrary.Free(bridge);
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            string reason = (e.InnerException ?? e).Message.Split('\n')[0].Trim();
            return $"libtorch's native libraries did not load: {Advice}; TorchSharp said: {reason}";
        }
    }
}
