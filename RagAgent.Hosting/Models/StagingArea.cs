using System.Buffers;
using System.Security.Cryptography;

namespace RagAgent.Hosting.Models;

/// <summary>
/// <c>MODELS/.staging/</c>: uploads are streamed into a file here (bounded memory, hashed while streaming) and moved
/// into their version folder once verified. The uploading process holds each file open exclusively; a file nobody
/// holds is the leftover of a crashed or killed upload and is removed at start and at every scan.
/// </summary>
public static class StagingArea
{
    /// <summary>Folder name under the models directory (not a valid policy name, so scans skip it).</summary>
    public const string FolderName = ".staging";

    private const int CopyBufferBytes = 81920;

    /// <summary>A staged file younger than this is left alone even when unlocked (it may be between close and move).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Creates a new staging file, held open exclusively for reading and writing.</summary>
    public static FileStream Create(string modelsDirectory, out string path)
    {
        string folder = Path.Combine(modelsDirectory, FolderName);
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, $"{Guid.NewGuid():N}.upload");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> through one pooled buffer, hashing as it
    /// goes. Returns null when more than <paramref name="maxBytes"/> arrive (the copy stops there).
    /// </summary>
    public static async Task<StagedUpload?> CopyAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        long length = 0;
        try
        {
            while (true)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await destination.FlushAsync(cancellationToken);
        return new StagedUpload(length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Deletes staged files that no process holds open (left by a crash or <c>kill -9</c>). Returns how many.</summary>
    public static int RemoveAbandoned(string modelsDirectory)
    {
        string folder = Path.Combine(modelsDirectory, FolderName);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < GracePeriod)
            {
                continue;
            }

            try
            {
                // Opening with FileShare.None fails while the uploading process holds the file.
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0))
                {
                }

                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by an upload in progress (or already gone).
            }
        }

        return removed;
    }

    /// <summary>Deletes <paramref name="path"/> if it still exists; failures are ignored (a later scan retries).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for RemoveAbandoned.
        }
    }
}

/// <summary>An upload streamed into the staging area.</summary>
/// <param name="Length">Bytes received.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of those bytes.</param>
public readonly record struct StagedUpload(long Length, string Sha256);
