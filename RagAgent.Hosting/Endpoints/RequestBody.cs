using System.Buffers;

namespace RagAgent.Hosting.Endpoints;

/// <summary>Reads a request body into a pooled buffer, refusing bodies larger than a limit.</summary>
public static class RequestBody
{
    /// <summary>
    /// Reads the whole body. Returns null when it exceeds <paramref name="limit"/> bytes (by Content-Length, or while
    /// reading a chunked body). The caller returns <see cref="PooledBody.Buffer"/> through <see cref="PooledBody.Dispose"/>.
    /// </summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        // The limit is enforced here, so that the caller can still answer 413 and drain the body (OversizedBody).
        OversizedBody.LiftServerLimit(request.HttpContext, null);

        int capacity = (int)Math.Min(request.ContentLength ?? 4096, limit) + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new PooledBody(buffer, length);
    }
}

/// <summary>A request body in a pooled buffer.</summary>
public sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    /// <summary>The rented buffer; valid bytes are [0, <see cref="Length"/>).</summary>
    public byte[] Buffer { get; private set; } = buffer;

    /// <summary>Number of body bytes.</summary>
    public int Length { get; } = length;

    /// <summary>The body bytes.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}
