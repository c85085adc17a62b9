namespace RagAgent.Envs.Registry;

/// <summary>
/// Thrown when an env-specific argument in <see cref="EnvMakeOptions.Args"/> does not parse or is out of range;
/// <see cref="EnvRegistry.Make"/> adds the env's id to the message.
/// </summary>
public sealed class EnvArgumentException : ArgumentException
{
    /// <summary>Creates the exception with a message.</summary>
    public EnvArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public EnvArgumentException()
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public EnvArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
