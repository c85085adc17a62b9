using System.Text;

namespace RagAgent.Samples.Cli;

/// <summary>
/// Writes whole lines to a shared writer with a prefix (<c>seed 3: </c>) under a lock, so runs on several threads
/// print readable, unmixed lines.
/// </summary>
internal sealed class PrefixedWriter(TextWriter inner, string prefix, Lock gate) : TextWriter
{
    private readonly StringBuilder _line = new();

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        if (value == '\n')
        {
            lock (gate)
            {
                inner.WriteLine(prefix + _line.ToString().TrimEnd('\r'));
                inner.Flush();
            }

            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }
}
