using System.Diagnostics;

namespace RagAgent.Hosting.Metrics;

/// <summary>Times every request and counts it by route template, method and status code.</summary>
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
            metrics.RecordRequest(route, context.Request.Method, status, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
