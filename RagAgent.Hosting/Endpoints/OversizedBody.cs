using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace RagAgent.Hosting.Endpoints;

/// <summary>
/// Answers 413 so that every client can read it. A client that sends the whole body before reading (no
/// <c>Expect: 100-continue</c>) would otherwise hit a reset connection while still writing and never see the answer:
/// so the problem is sent first, then the rest of the body is read and discarded (at most
/// <see cref="MaxDrainBytes"/>, for at most <see cref="DrainTimeout"/>), and the connection is closed.
/// </summary>
public static class OversizedBody
{
    /// <summary>Most bytes of an oversized body read and discarded after the 413 (128 MiB).</summary>
    public const long MaxDrainBytes = 128L << 20;

    /// <summary>Longest time spent discarding an oversized body.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Lifts the server's own body limit so the caller can enforce its limit and still answer 413 itself.</summary>
    public static void LiftServerLimit(HttpContext context, long? limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
    }

    /// <summary>Writes a 413 problem naming <paramref name="field"/>, then drains the body as described above.</summary>
    public static async Task RespondAsync(HttpContext context, string title, string detail, string field)
    {
        ArgumentNullException.ThrowIfNull(context);
        LiftServerLimit(context, null);
        context.Response.Headers.Connection = "close";
        await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, title, detail, field);
        if (context.Request.Headers.Expect.Count > 0)
        {
            // The client waits for 100-continue before sending the body: it has not sent it and will read the 413.
            return;
        }

        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTimeout);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            while (drained < MaxDrainBytes)
            {
                int read = await context.Request.Body.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                drained += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client stopped sending or went away: nothing left to do.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
