using Microsoft.AspNetCore.Http.HttpResults;

namespace RagAgent.Hosting.Endpoints;

/// <summary>RFC 7807 problem details that name the offending field (extension member <c>field</c>).</summary>
public static class Problems
{
    /// <summary>A problem result with <paramref name="status"/>, naming <paramref name="field"/>.</summary>
    public static ProblemHttpResult Field(int status, string title, string detail, string field) =>
        TypedResults.Problem(detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>400 for a request field that does not fit the policy's spec.</summary>
    public static ProblemHttpResult BadField(string field, string detail) =>
        Field(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    /// <summary>404 for an unknown policy or version.</summary>
    public static ProblemHttpResult NotFound(string field, string detail) =>
        Field(StatusCodes.Status404NotFound, "Not found", detail, field);

    /// <summary>Writes a problem directly to the response (for middleware and authentication handlers).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, string field) =>
        Field(status, title, detail, field).ExecuteAsync(context);
}
