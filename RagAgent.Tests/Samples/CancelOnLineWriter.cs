using System.Text;

namespace RagAgent.Tests.Samples;

/// <summary>A console stand-in that signals Ctrl+C (cancels) when a line containing <paramref name="trigger"/> is written.</summary>
internal sealed class CancelOnLineWriter(string trigger, CancellationTokenSource cancellation) : StringWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value?.Contains(trigger, StringComparison.Ordinal) == true)
        {
            cancellation.Cancel();
        }
    }
}
