namespace RagAgent.Hosting.Client;

/// <summary>The server refused a request: the HTTP status and the RFC 7807 problem it answered.</summary>
public sealed class PolicyClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyClientException(int statusCode, string? field, string message, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Field = field;
    }

    /// <summary>Creates an exception without a status (required by the exception pattern).</summary>
    public PolicyClientException()
        : this(0, null, "The policy server refused the request.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public PolicyClientException(string message)
        : this(0, null, message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and <paramref name="inner"/>.</summary>
    public PolicyClientException(string message, Exception inner)
        : this(0, null, message, inner)
    {
    }

    /// <summary>HTTP status code of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The request field the server named (for example <c>observation.globals[2]</c>), when it named one.</summary>
    public string? Field { get; }
}
