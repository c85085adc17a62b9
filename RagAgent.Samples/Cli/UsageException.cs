namespace RagAgent.Samples.Cli;

/// <summary>
/// A bad value found after parsing (an unknown env, a value <c>PpoOptions.Validate</c> rejects, a missing file):
/// reported on stderr as <c>ragagent: &lt;option&gt;: &lt;message&gt;</c> with exit code <see cref="ExitCodes.Usage"/>.
/// </summary>
internal sealed class UsageException : Exception
{
    /// <summary>Creates the exception for <paramref name="option"/> (for example <c>--env</c>).</summary>
    public UsageException(string option, string message)
        : base($"{option}: {message}")
    {
    }

    /// <summary>Creates the exception for <paramref name="option"/> with the exception that revealed the problem.</summary>
    public UsageException(string option, string message, Exception innerException)
        : base($"{option}: {message}", innerException)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
