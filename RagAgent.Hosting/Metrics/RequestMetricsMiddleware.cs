using System.Diagnostics;

namespace RagAgent.Hosting.Metrics;

/// <summary>
/// Times every request and counts it by route template, method and status code. Every label has a bounded set of
/// values, whatever clients send: unknown methods count as <c>_OTHER</c> and unmatched paths as <c>unmatched</c>.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, HostingMetrics metrics)
{
    /// <summary>Runs the rest of the pipeline and records the outcome, also when it throws (as 500).</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            string route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.RecordRequest(route, MethodLabel(context.Request.Method), status, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    /// <summary>The method as a metric label: one of the methods HTTP defines, else <c>_OTHER</c>.</summary>
    public static string MethodLabel(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "PATCH" => "PATCH",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        _ => "_OTHER",
    };
}
