using System.Globalization;
using TorchSharp;

namespace RagAgent.TorchSharp;

/// <summary>Parses the engine's device option: <c>cpu</c>, <c>cuda</c> (the current CUDA device) or <c>cuda:N</c>.</summary>
public static class TorchDevices
{
    /// <summary>The device named <paramref name="device"/>, checked to exist on this machine.</summary>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (N ≥ 0), case-insensitive.</param>
    /// <exception cref="ArgumentException">Another spelling (names the option and the accepted forms).</exception>
    /// <exception cref="InvalidOperationException">A CUDA device this process cannot use: no CUDA backend
    /// (TorchSharp-cuda-windows or TorchSharp-cuda-linux) or no such GPU.</exception>
    public static torch.Device Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        MklReproducibility.Ensure();
        string text = device.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            return torch.CPU;
        }

        int index;
        if (text == "cuda")
        {
            index = -1;
        }
        else if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
        {
            index = parsed;
        }
        else
        {
            throw new ArgumentException($"device must be cpu, cuda or cuda:N (N >= 0), got '{device}'.", nameof(device));
        }

        if (!torch.cuda.is_available())
        {
            throw new InvalidOperationException(
                $"device '{device}': CUDA is not available to libtorch in this process (reference TorchSharp-cuda-windows or TorchSharp-cuda-linux instead of a CPU backend, on a machine with an NVIDIA GPU and driver).");
        }

        int count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new InvalidOperationException($"device '{device}': this machine has {count} CUDA device(s), numbered from 0.");
        }

        return new torch.Device(DeviceType.CUDA, index);
    }
}
