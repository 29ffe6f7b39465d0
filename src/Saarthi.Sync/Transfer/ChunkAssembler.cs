using System.Globalization;
using System.Text.Json;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Transfer;

/// <summary>What happened to one received chunk.</summary>
public enum ChunkOutcome
{
    /// <summary>Stored; the package is not complete yet.</summary>
    Stored,

    /// <summary>Already had it (QoS 1 redelivery, a re-push): nothing changed.</summary>
    Duplicate,

    /// <summary>The last missing chunk: <see cref="ChunkResult.Package"/> holds the whole package, hash-checked.</summary>
    Completed,

    /// <summary>The package was already applied or rejected, or the chunk contradicts earlier ones: dropped.</summary>
    Ignored,

    /// <summary>The package cannot be accepted (oversize, or the assembled bytes fail the package hash).</summary>
    Rejected,
}

/// <summary>The result of <see cref="ChunkAssembler.Accept"/>.</summary>
public sealed record ChunkResult(ChunkOutcome Outcome, string PackageId, int Have, int Count, byte[]? Package = null,
    RejectReason? Reason = null, string? Problem = null);

/// <summary>A package being received: how many of its chunks are on disk.</summary>
public sealed record PartialPackage(string PackageId, long Size, int Have, int Count, DateTimeOffset FirstSeen);

/// <summary>
/// Collects chunks on disk (<c>incoming/&lt;package&gt;/&lt;index&gt;-&lt;sha&gt;.chunk</c>, each written to a temporary name and
/// renamed), so a transfer survives disconnects and restarts and duplicates cost nothing. When every chunk is there,
/// each is re-hashed and the whole package must hash to its id before it is handed on.
/// </summary>
public sealed class ChunkAssembler
{
    private const string MetaFile = "meta.json";
    private readonly string _directory;
    private readonly SyncLimits _limits;
    private readonly Func<string, bool> _isDone;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SortedSet<int>> _have = new(StringComparer.Ordinal);

    public ChunkAssembler(string directory, SyncLimits limits, Func<string, bool> isDone, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _isDone = isDone ?? throw new ArgumentNullException(nameof(isDone));
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(_directory);
    }

    public ChunkResult Accept(PackageChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var id = chunk.PackageId;
        if (_isDone(id))
        {
            return new ChunkResult(ChunkOutcome.Ignored, id, 0, chunk.Count, Problem: "package already processed");
        }

        if (chunk.PackageSize > _limits.MaxPackageBytes || chunk.Count > _limits.MaxChunks)
        {
            Discard(id);
            return new ChunkResult(ChunkOutcome.Rejected, id, 0, chunk.Count, Reason: RejectReason.Oversize,
                Problem: $"package of {chunk.PackageSize:N0} bytes in {chunk.Count} chunks is above the limit of {_limits.MaxPackageBytes:N0} bytes");
        }

        var dir = Path.Combine(_directory, id);
        var meta = ReadMeta(dir);
        if (meta is null)
        {
            MakeRoomFor(chunk.PackageSize);
            Directory.CreateDirectory(dir);
            meta = new Meta(chunk.PackageSize, chunk.Count, _time.GetUtcNow());
            WriteAtomically(Path.Combine(dir, MetaFile), JsonSerializer.SerializeToUtf8Bytes(meta));
        }
        else if (meta.Size != chunk.PackageSize || meta.Count != chunk.Count)
        {
            return new ChunkResult(ChunkOutcome.Ignored, id, Have(id).Count, meta.Count,
                Problem: $"chunk says {chunk.PackageSize} bytes in {chunk.Count} chunks, earlier ones said {meta.Size} in {meta.Count}");
        }

        var have = Have(id);
        if (have.Contains(chunk.Index))
        {
            return new ChunkResult(ChunkOutcome.Duplicate, id, have.Count, chunk.Count);
        }

        WriteAtomically(Path.Combine(dir, ChunkName(chunk.Index, chunk.ChunkSha256)), chunk.Data.Span);
        have.Add(chunk.Index);
        if (have.Count < chunk.Count)
        {
            return new ChunkResult(ChunkOutcome.Stored, id, have.Count, chunk.Count);
        }

        return Assemble(id, dir, meta);
    }

    /// <summary>Packages with some but not all chunks on disk.</summary>
    public IReadOnlyList<PartialPackage> Partials()
    {
        var list = new List<PartialPackage>();
        foreach (var dir in Directory.GetDirectories(_directory))
        {
            var id = Path.GetFileName(dir);
            if (ReadMeta(dir) is { } meta)
            {
                list.Add(new PartialPackage(id, meta.Size, Have(id).Count, meta.Count, meta.FirstSeen));
            }
        }

        return list;
    }

    /// <summary>Forgets a package's chunks (after it was applied or rejected).</summary>
    public void Discard(string packageId)
    {
        _have.Remove(packageId);
        var dir = Path.Combine(_directory, packageId);
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Drops partial packages first seen longer than <paramref name="maxAge"/> ago.</summary>
    public int Prune(TimeSpan maxAge)
    {
        int n = 0;
        foreach (var p in Partials().Where(p => _time.GetUtcNow() - p.FirstSeen > maxAge))
        {
            Discard(p.PackageId);
            n++;
        }

        return n;
    }

    private ChunkResult Assemble(string id, string dir, Meta meta)
    {
        var package = new byte[meta.Size];
        long offset = 0;
        var bad = new List<int>();
        foreach (var (index, path, sha) in ChunkFiles(dir).OrderBy(c => c.Index))
        {
            var data = File.ReadAllBytes(path);
            if (SnapshotPackage.Sha256Hex(data) != sha || offset + data.Length > meta.Size)
            {
                bad.Add(index);
                File.Delete(path);
                continue;
            }

            data.CopyTo(package, offset);
            offset += data.Length;
        }

        if (bad.Count > 0)
        {
            // A chunk file damaged on disk (power cut before it reached the flash): ask for it again.
            _have.Remove(id);
            return new ChunkResult(ChunkOutcome.Stored, id, Have(id).Count, meta.Count,
                Problem: $"{bad.Count} stored chunk(s) were damaged and dropped; they are needed again");
        }

        Discard(id);
        if (offset != meta.Size || SnapshotPackage.Sha256Hex(package) != id)
        {
            return new ChunkResult(ChunkOutcome.Rejected, id, meta.Count, meta.Count, Reason: RejectReason.HashMismatch,
                Problem: $"the assembled package ({offset:N0} bytes) does not hash to its id");
        }

        return new ChunkResult(ChunkOutcome.Completed, id, meta.Count, meta.Count, package);
    }

    private SortedSet<int> Have(string id)
    {
        if (!_have.TryGetValue(id, out var set))
        {
            var dir = Path.Combine(_directory, id);
            set = Directory.Exists(dir) ? new SortedSet<int>(ChunkFiles(dir).Select(c => c.Index)) : [];
            _have[id] = set;
        }

        return set;
    }

    private static IEnumerable<(int Index, string Path, string Sha)> ChunkFiles(string dir)
    {
        foreach (var path in Directory.GetFiles(dir, "*.chunk"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            int dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                yield return (index, path, name[(dash + 1)..]);
            }
        }
    }

    private static string ChunkName(int index, string sha) => $"{index.ToString(CultureInfo.InvariantCulture)}-{sha}.chunk";

    private void MakeRoomFor(long size)
    {
        // Partial packages may use at most twice the package limit; the oldest go first.
        var partials = Partials().OrderBy(p => p.FirstSeen).ToList();
        long used = partials.Sum(p => p.Size);
        foreach (var p in partials)
        {
            if (used + size <= 2 * _limits.MaxPackageBytes)
            {
                break;
            }

            Discard(p.PackageId);
            used -= p.Size;
        }
    }

    private static Meta? ReadMeta(string dir)
    {
        var path = Path.Combine(dir, MetaFile);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Meta>(File.ReadAllBytes(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> data)
    {
        var tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(data);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private sealed record Meta(long Size, int Count, DateTimeOffset FirstSeen);
}
