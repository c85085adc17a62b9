namespace RagAgent.Hosting.Models;

/// <summary>A model-store operation refused: carries the HTTP status and the request field at fault.</summary>
public sealed class ModelStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelStoreException(int statusCode, string field, string message, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Field = field;
    }

    /// <summary>Creates a 500 exception (required by the exception pattern).</summary>
    public ModelStoreException()
        : this(StatusCodes.Status500InternalServerError, "store", "Model store failure.")
    {
    }

    /// <summary>Creates a 500 exception with <paramref name="message"/>.</summary>
    public ModelStoreException(string message)
        : this(StatusCodes.Status500InternalServerError, "store", message)
    {
    }

    /// <summary>Creates a 500 exception with <paramref name="message"/> and <paramref name="inner"/>.</summary>
    public ModelStoreException(string message, Exception inner)
        : this(StatusCodes.Status500InternalServerError, "store", message, inner)
    {
    }

    /// <summary>HTTP status code to answer.</summary>
    public int StatusCode { get; }

    /// <summary>Request field the problem is about.</summary>
    public string Field { get; }
}
