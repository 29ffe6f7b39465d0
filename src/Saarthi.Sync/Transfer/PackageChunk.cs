using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Transfer;

/// <summary>
/// One MQTT message of a package transfer: a one-line JSON header, a newline, then the chunk bytes.
/// The package id is the SHA-256 of the whole package, so the assembled bytes are checked against it.
/// </summary>
public sealed record PackageChunk(string PackageId, long PackageSize, int Index, int Count, string ChunkSha256, ReadOnlyMemory<byte> Data)
{
    public const string Type = "saarthi-chunk/1";
    public const int DefaultChunkSize = 256 * 1024;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Splits a package into chunks of <paramref name="chunkSize"/> bytes (the last one shorter).</summary>
    public static IReadOnlyList<PackageChunk> Split(byte[] package, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1024);
        var id = SnapshotPackage.Sha256Hex(package);
        int count = Math.Max(1, (int)((package.LongLength + chunkSize - 1) / chunkSize));
        var chunks = new List<PackageChunk>(count);
        for (int i = 0; i < count; i++)
        {
            var data = package.AsMemory(i * chunkSize, (int)Math.Min(chunkSize, package.LongLength - ((long)i * chunkSize)));
            chunks.Add(new PackageChunk(id, package.LongLength, i, count, SnapshotPackage.Sha256Hex(data.Span), data));
        }

        return chunks;
    }

    /// <summary>The message payload: header line + chunk bytes.</summary>
    public byte[] Encode()
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Type, PackageId, PackageSize, Index, Count, ChunkSha256), Options);
        var result = new byte[header.Length + 1 + Data.Length];
        header.CopyTo(result, 0);
        result[header.Length] = (byte)'\n';
        Data.Span.CopyTo(result.AsSpan(header.Length + 1));
        return result;
    }

    /// <summary>Reads a message payload; <see langword="null"/> with <paramref name="problem"/> when it is not a well-formed chunk.</summary>
    /// <remarks>The chunk's own hash is checked here: a truncated or altered message is dropped, never stored.</remarks>
    public static PackageChunk? TryDecode(byte[] payload, out string problem)
    {
        ArgumentNullException.ThrowIfNull(payload);
        int nl = payload.AsSpan(0, Math.Min(payload.Length, 4096)).IndexOf((byte)'\n');
        if (nl < 0)
        {
            problem = "no chunk header";
            return null;
        }

        Header? h;
        try
        {
            h = JsonSerializer.Deserialize<Header>(payload.AsSpan(0, nl), Options);
        }
        catch (JsonException e)
        {
            problem = "chunk header is not JSON: " + e.Message;
            return null;
        }

        if (h is null || h.Type != Type || !PackageManifest.IsSha256(h.PackageId) || !PackageManifest.IsSha256(h.ChunkSha256) ||
            h.Count < 1 || h.Index < 0 || h.Index >= h.Count || h.PackageSize < 1)
        {
            problem = "chunk header has invalid fields";
            return null;
        }

        var data = payload.AsMemory(nl + 1);
        if (SnapshotPackage.Sha256Hex(data.Span) != h.ChunkSha256)
        {
            problem = $"chunk {h.Index + 1}/{h.Count} of {h.PackageId[..12]} fails its sha256 (truncated or altered in transit)";
            return null;
        }

        problem = string.Empty;
        return new PackageChunk(h.PackageId, h.PackageSize, h.Index, h.Count, h.ChunkSha256, data);
    }

    private sealed record Header(
        [property: JsonPropertyName("t")] string Type,
        string PackageId,
        long PackageSize,
        int Index,
        int Count,
        string ChunkSha256);
}
