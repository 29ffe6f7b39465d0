using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Knowledge.Tests;

public class SnapshotStoreTests
{
    private static void AssertNoStagingFiles(TempDir dir)
        => Assert.DoesNotContain(dir.FileNames(), f => f.Contains("staging", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal)
            || f.EndsWith(".swap", StringComparison.Ordinal) || f.EndsWith("-journal", StringComparison.Ordinal));

    private static Model.Snapshot Serving(SnapshotStore store)
    {
        Assert.True(SnapshotStore.TryRead(store.CurrentPath, out var s, out var why), why);
        return s!;
    }

    [Fact]
    public void Import_Seed_BuildsKnowledgeDbThatReadsBack()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);

        var imported = store.Import(Seed.Json, "seed");

        Assert.Equal(Seed.SnapshotId, imported.SnapshotId);
        Assert.Equal([SnapshotStore.CurrentFile], dir.FileNames());
        var serving = Serving(store);
        Assert.Equal(Seed.SnapshotId, serving.SnapshotId);
        Assert.Equal(Seed.SchemeCount, serving.Schemes.Count);
        Assert.Equal(6000, serving.Find("pm-kisan")!.Benefits[0].AmountInr);
    }

    [Fact]
    public void Import_IntoMissingDirectory_CreatesIt()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(Path.Combine(dir.Path, "data", "knowledge"));

        store.Import(Seed.Json, "seed");

        Assert.True(File.Exists(store.CurrentPath));
    }

    [Fact]
    public void Import_SetsImportedAtFromTimeProvider()
    {
        using var dir = new TempDir();
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var store = new SnapshotStore(dir.Path, new FixedTime(at));

        store.Import(Seed.Json, "seed");

        using var c = Sql.Open(store.CurrentPath, readOnly: true);
        Assert.Equal(at.ToString("O"), Sql.Scalar(c, "SELECT value FROM snapshot_info WHERE key='imported_at'"));
    }

    [Fact]
    public void Import_BrokenAfterGood_ThrowsAndCurrentServesUnchanged()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        var before = File.ReadAllBytes(store.CurrentPath);
        var broken = Seed.With(r => { r["snapshot_id"] = "broken-v2"; Seed.Structured(r, "apy")["age_min"] = "eighteen"; });

        var e = Assert.Throws<SnapshotValidationException>(() => store.Import(broken, "update.json"));

        Assert.Contains("update.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("apy", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(store.CurrentPath));
        Assert.False(File.Exists(store.PreviousPath));
        using var kb = SqliteKnowledgeBase.OpenFile(store.CurrentPath);
        Assert.Equal(Seed.SnapshotId, kb.Snapshot.SnapshotId);
        Assert.Equal(Seed.SchemeCount, kb.Snapshot.Schemes.Count);
        AssertNoStagingFiles(dir);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"snapshot_id\":\"x\",\"schemes\":[]}")]
    [InlineData("")]
    public void Import_GarbageAfterGood_ThrowsValidationAndKeepsBytes(string garbage)
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        var before = File.ReadAllBytes(store.CurrentPath);

        Assert.Throws<SnapshotValidationException>(() => store.Import(garbage, "update.json"));

        Assert.Equal(before, File.ReadAllBytes(store.CurrentPath));
        Assert.Equal([SnapshotStore.CurrentFile], dir.FileNames());
    }

    [Fact]
    public void Import_BrokenIntoEmptyDirectory_CreatesNoDatabase()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);

        Assert.Throws<SnapshotValidationException>(() => store.Import(Seed.With(r => r.Remove("schemes")), "x"));

        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void Import_SecondValid_ServesItAndKeepsFirstAsPrevious()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        var firstBytes = File.ReadAllBytes(store.CurrentPath);

        var second = store.Import(Seed.SecondVersion(), "v2");

        Assert.Equal("seed-central-schemes-v2", second.SnapshotId);
        var serving = Serving(store);
        Assert.Equal("seed-central-schemes-v2", serving.SnapshotId);
        Assert.Equal(Seed.SchemeCount - 1, serving.Schemes.Count);
        Assert.Equal(8000, serving.Find("pm-kisan")!.Benefits[0].AmountInr);
        Assert.Equal(firstBytes, File.ReadAllBytes(store.PreviousPath));
        Assert.True(SnapshotStore.TryRead(store.PreviousPath, out var prev, out _));
        Assert.Equal(Seed.SnapshotId, prev!.SnapshotId);
        Assert.Equal([SnapshotStore.CurrentFile, SnapshotStore.PreviousFile], dir.FileNames());
    }

    [Fact]
    public void Rollback_AfterSecondImport_BringsFirstBackAndKeepsSecondAsPrevious()
    {
        using var dir = new TempDir();
        var synced = new List<string>();
        var store = new SnapshotStore(dir.Path, syncDirectory: synced.Add);
        store.Import(Seed.Json, "seed");
        store.Import(Seed.SecondVersion(), "v2");
        synced.Clear();

        Assert.True(store.Rollback());

        var serving = Serving(store);
        Assert.Equal(Seed.SnapshotId, serving.SnapshotId);
        Assert.Equal(Seed.SchemeCount, serving.Schemes.Count);
        Assert.Equal(6000, serving.Find("pm-kisan")!.Benefits[0].AmountInr);
        Assert.True(SnapshotStore.TryRead(store.PreviousPath, out var prev, out _));
        Assert.Equal("seed-central-schemes-v2", prev!.SnapshotId);
        Assert.Equal([store.DataDirectory], synced);
        AssertNoStagingFiles(dir);
    }

    [Fact]
    public void Rollback_Twice_ReturnsToSecond()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        store.Import(Seed.SecondVersion(), "v2");

        Assert.True(store.Rollback());
        Assert.True(store.Rollback());

        Assert.Equal("seed-central-schemes-v2", Serving(store).SnapshotId);
    }

    [Fact]
    public void Rollback_NoPrevious_ReturnsFalseAndLeavesCurrent()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        var before = File.ReadAllBytes(store.CurrentPath);

        Assert.False(store.Rollback());

        Assert.Equal(before, File.ReadAllBytes(store.CurrentPath));
        Assert.Equal([SnapshotStore.CurrentFile], dir.FileNames());
    }

    [Fact]
    public void Rollback_PreviousIsGarbage_ReturnsFalseAndLeavesCurrent()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        File.WriteAllBytes(store.PreviousPath, Garbage(4096));

        Assert.False(store.Rollback());

        Assert.Equal(Seed.SnapshotId, Serving(store).SnapshotId);
    }

    [Fact]
    public void EnsureCurrent_Missing_BuildsFromSeed()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        var log = new List<string>();
        int seedCalls = 0;

        var s = store.EnsureCurrent(() => { seedCalls++; return Seed.Json; }, log.Add);

        Assert.Equal(1, seedCalls);
        Assert.Equal(Seed.SchemeCount, s.Schemes.Count);
        Assert.Equal(Seed.SnapshotId, Serving(store).SnapshotId);
        Assert.Contains(log, l => l.Contains("embedded default", StringComparison.Ordinal));
        Assert.Equal([SnapshotStore.CurrentFile], dir.FileNames());
    }

    [Fact]
    public void EnsureCurrent_Healthy_DoesNotTouchSeedOrFile()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.SecondVersion(), "v2");
        var before = File.ReadAllBytes(store.CurrentPath);

        var s = store.EnsureCurrent(() => throw new InvalidOperationException("the seed must not be read"));

        Assert.Equal("seed-central-schemes-v2", s.SnapshotId);
        Assert.Equal(before, File.ReadAllBytes(store.CurrentPath));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(65536)]
    public void EnsureCurrent_CurrentIsGarbage_MovesItAsideAndRebuildsFromSeed(int size)
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        var garbage = Garbage(size);
        File.WriteAllBytes(store.CurrentPath, garbage);
        var log = new List<string>();

        var s = store.EnsureCurrent(() => Seed.Json, log.Add);

        Assert.Equal(Seed.SnapshotId, s.SnapshotId);
        Assert.Equal(Seed.SchemeCount, Serving(store).Schemes.Count);
        var broken = Path.Combine(dir.Path, "knowledge.broken.db");
        Assert.Equal(garbage, File.ReadAllBytes(broken));
        Assert.Contains(log, l => l.Contains("unusable", StringComparison.Ordinal));
        Assert.Equal(["knowledge.broken.db", SnapshotStore.CurrentFile], dir.FileNames());
    }

    [Fact]
    public void EnsureCurrent_CurrentIsGarbageAndPreviousIsGood_ServesPrevious()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        store.Import(Seed.SecondVersion(), "v2");
        File.WriteAllBytes(store.CurrentPath, Garbage(8192));

        var s = store.EnsureCurrent(() => throw new InvalidOperationException("the previous snapshot should have been used"));

        Assert.Equal(Seed.SnapshotId, s.SnapshotId);
        Assert.Equal(Seed.SnapshotId, Serving(store).SnapshotId);
        Assert.True(File.Exists(Path.Combine(dir.Path, "knowledge.broken.db")));
        AssertNoStagingFiles(dir);
    }

    [Fact]
    public void EnsureCurrent_CurrentIsAnEmptySqliteDatabase_RebuildsFromSeed()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        using (KnowledgeDatabase.Open(store.CurrentPath)) { } // schema, no snapshot

        var s = store.EnsureCurrent(() => Seed.Json);

        Assert.Equal(Seed.SchemeCount, s.Schemes.Count);
        Assert.Equal(Seed.SnapshotId, Serving(store).SnapshotId);
    }

    [Fact]
    public void EnsureCurrent_CurrentTruncated_RebuildsFromSeed()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.SecondVersion(), "v2");
        var bytes = File.ReadAllBytes(store.CurrentPath);
        File.WriteAllBytes(store.CurrentPath, bytes[..(bytes.Length / 3)]);

        var s = store.EnsureCurrent(() => Seed.Json);

        Assert.Equal(Seed.SnapshotId, s.SnapshotId);
        Assert.Equal(Seed.SchemeCount, Serving(store).Schemes.Count);
    }

    [Fact]
    public void TryRead_Missing_ReturnsFalseSayingMissing()
    {
        using var dir = new TempDir();

        Assert.False(SnapshotStore.TryRead(dir.File("nope.db"), out var s, out var why));

        Assert.Null(s);
        Assert.Equal("missing", why);
    }

    [Fact]
    public void SqliteKnowledgeBase_Open_BuildsFromSeedAndAnswers()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);

        using var kb = SqliteKnowledgeBase.Open(store, () => Seed.Json);

        Assert.Equal(Seed.SchemeCount, kb.Snapshot.Schemes.Count);
        Assert.Equal("pmuy", kb.Find("pmuy")!.Id);
        Assert.Null(kb.Find("no-such-scheme"));
        Assert.Equal("pm-kisan", kb.Search("kisan samman nidhi")[0].SchemeId);
    }

    [Fact]
    public void SqliteKnowledgeBase_OpenWhileNewSnapshotImported_KeepsServingItsSnapshot()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        store.Import(Seed.Json, "seed");
        using var old = SqliteKnowledgeBase.OpenFile(store.CurrentPath);

        store.Import(Seed.SecondVersion(), "v2");

        Assert.Equal(Seed.SnapshotId, old.Snapshot.SnapshotId);
        Assert.Equal("pm-kisan", old.Search("kisan samman nidhi")[0].SchemeId);
        using var fresh = SqliteKnowledgeBase.OpenFile(store.CurrentPath);
        Assert.Equal("seed-central-schemes-v2", fresh.Snapshot.SnapshotId);
    }

    private static byte[] Garbage(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
