using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>Per-thread packing buffer, pinned, grown on demand and then reused: after the first call with a given
/// shape no product allocates.</summary>
internal static unsafe class GemmScratch
{
    [ThreadStatic]
    private static float[]? buffer;

    /// <summary>A pinned buffer of at least <paramref name="length"/> floats owned by the calling thread; valid until
    /// the next call on that thread.</summary>
    public static float* Rent(int length)
    {
        float[]? current = buffer;
        if (current is null || current.Length < length)
        {
            current = GC.AllocateUninitializedArray<float>(Math.Max(length, 4096), pinned: true);
            buffer = current;
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(current));
    }
}
