using FsCheck;
using FsCheck.Fluent;
using Saarthi.Sync.Packages;
using Saarthi.Sync.Transfer;

namespace Saarthi.Sync.Tests;

public sealed class TransferTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Bytes(int n, int seed = 1)
    {
        var data = new byte[n];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Split_EncodeDecode_RoundTripsEveryChunk()
    {
        var package = Bytes(10_000);

        var chunks = PackageChunk.Split(package, 4096);

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(SnapshotPackage.Sha256Hex(package), c.PackageId));
        var decoded = chunks.Select(c => PackageChunk.TryDecode(c.Encode(), out _)!).ToList();
        Assert.Equal(package, decoded.SelectMany(c => c.Data.ToArray()).ToArray());
        Assert.Equal([0, 1, 2], decoded.Select(c => c.Index));
    }

    [Fact]
    public void Decode_TruncatedChunk_DroppedWithReason()
    {
        var message = PackageChunk.Split(Bytes(10_000), 4096)[1].Encode();

        var chunk = PackageChunk.TryDecode(message[..^10], out var problem);

        Assert.Null(chunk);
        Assert.Contains("sha256", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GarbageMessages_Dropped()
    {
        Assert.Null(PackageChunk.TryDecode([], out _));
        Assert.Null(PackageChunk.TryDecode("hello"u8.ToArray(), out _));
        Assert.Null(PackageChunk.TryDecode("{\"t\":\"saarthi-chunk/1\"}\nxx"u8.ToArray(), out _));
    }

    [Fact]
    public void Assembler_OutOfOrderWithDuplicates_CompletesOnceWithTheExactBytes()
    {
        var package = Bytes(50_000);
        var chunks = PackageChunk.Split(package, 4096);
        var done = new HashSet<string>();
        var assembler = new ChunkAssembler(_dir.Sub("in"), SyncLimits.Default, done.Contains);
        var order = chunks.Concat(chunks.Take(5)).OrderBy(_ => Random.Shared.Next()).ToList();

        var results = new List<ChunkResult>();
        foreach (var c in order)
        {
            var r = assembler.Accept(c);
            results.Add(r);
            if (r.Outcome == ChunkOutcome.Completed)
            {
                done.Add(r.PackageId); // what the applier records
            }
        }

        var completed = Assert.Single(results, r => r.Outcome == ChunkOutcome.Completed);
        Assert.Equal(package, completed.Package);
        Assert.Equal(5, results.Count(r => r.Outcome is ChunkOutcome.Duplicate or ChunkOutcome.Ignored));
        Assert.Empty(assembler.Partials());
    }

    [Fact]
    public void Assembler_Restarted_ResumesFromChunksOnDisk()
    {
        var package = Bytes(20_000);
        var chunks = PackageChunk.Split(package, 4096);
        var dir = _dir.Sub("in");
        var first = new ChunkAssembler(dir, SyncLimits.Default, _ => false);
        foreach (var c in chunks.Take(3))
        {
            first.Accept(c);
        }

        var second = new ChunkAssembler(dir, SyncLimits.Default, _ => false);
        Assert.Equal(3, second.Partials().Single().Have);
        var results = chunks.Select(second.Accept).ToList();

        Assert.Equal(3, results.Count(r => r.Outcome == ChunkOutcome.Duplicate));
        Assert.Equal(package, results.Single(r => r.Outcome == ChunkOutcome.Completed).Package);
    }

    [Fact]
    public void Assembler_ChunkDamagedOnDisk_AskedForAgainNotAssembled()
    {
        var package = Bytes(20_000);
        var chunks = PackageChunk.Split(package, 4096);
        var dir = _dir.Sub("in");
        var assembler = new ChunkAssembler(dir, SyncLimits.Default, _ => false);
        foreach (var c in chunks.SkipLast(1))
        {
            assembler.Accept(c);
        }

        var stored = Directory.GetFiles(Directory.GetDirectories(dir).Single(), "1-*.chunk").Single();
        File.WriteAllBytes(stored, new byte[10]); // what a power cut can leave behind

        var last = assembler.Accept(chunks[^1]);
        Assert.Equal(ChunkOutcome.Stored, last.Outcome);
        Assert.Equal(chunks.Count - 1, last.Have);
        Assert.Equal(ChunkOutcome.Completed, assembler.Accept(chunks[1]).Outcome);
    }

    [Fact]
    public void Assembler_PackageAboveLimit_RejectedAtFirstChunk()
    {
        var chunks = PackageChunk.Split(Bytes(20_000), 4096);
        var assembler = new ChunkAssembler(_dir.Sub("in"), new SyncLimits { MaxPackageBytes = 10_000 }, _ => false);

        var r = assembler.Accept(chunks[2]);

        Assert.Equal(ChunkOutcome.Rejected, r.Outcome);
        Assert.Equal(RejectReason.Oversize, r.Reason);
        Assert.Empty(assembler.Partials());
    }

    [Fact]
    public void Assembler_ChunksWhosePackageDoesNotHashToItsId_RejectedAsHashMismatch()
    {
        // Chunks that are each intact but claim another package's id (a confused or malicious pusher).
        var real = PackageChunk.Split(Bytes(9000, 1), 4096);
        var other = PackageChunk.Split(Bytes(9000, 2), 4096);
        var mixed = other.Select(c => c with { PackageId = real[0].PackageId }).ToList();
        var assembler = new ChunkAssembler(_dir.Sub("in"), SyncLimits.Default, _ => false);

        var all = mixed.Select(assembler.Accept).ToList();
        var last = all.Last();
        Assert.True(last.Outcome == ChunkOutcome.Rejected, string.Join(" | ", all));

        Assert.Equal(ChunkOutcome.Rejected, last.Outcome);
        Assert.Equal(RejectReason.HashMismatch, last.Reason);
    }

    [Fact]
    public void Assembler_AlreadyProcessedPackage_Ignored()
    {
        var chunks = PackageChunk.Split(Bytes(9000), 4096);
        var assembler = new ChunkAssembler(_dir.Sub("in"), SyncLimits.Default, id => id == chunks[0].PackageId);

        Assert.All(chunks, c => Assert.Equal(ChunkOutcome.Ignored, assembler.Accept(c).Outcome));
        Assert.Empty(assembler.Partials());
    }

    [Fact]
    public void Split_AnyPackageAndChunkSize_ReassemblesExactly()
    {
        Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            (byte[] data) =>
            {
                if (data.Length == 0)
                {
                    return true;
                }

                var chunks = PackageChunk.Split(data, 1024 + (data.Length % 3000));
                var decoded = chunks.Select(c => PackageChunk.TryDecode(c.Encode(), out _)).ToList();
                return decoded.All(c => c is not null) && decoded.SelectMany(c => c!.Data.ToArray()).SequenceEqual(data);
            }).QuickCheckThrowOnFailure();
    }
}
