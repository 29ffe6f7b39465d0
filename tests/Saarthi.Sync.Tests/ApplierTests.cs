using Saarthi.Knowledge.Storage;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Tests;

public sealed class ApplierTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestKey _ngo;
    private readonly string _data;

    public ApplierTests()
    {
        _ngo = new TestKey(_dir.Sub("keys"));
        _data = _dir.Sub("data");
    }

    public void Dispose()
    {
        _ngo.Dispose();
        _dir.Dispose();
    }

    private UpdateApplier Applier(IUpdateGate? gate = null, string appVersion = "1.0.0") => new(new UpdateApplierOptions
    {
        DataDirectory = _data,
        PinnedKeys = _ngo.PublicPath,
        AppVersion = appVersion,
        Gate = gate ?? new UpdateGate(),
    });

    private string ServingId() => SnapshotStore.TryRead(Path.Combine(_data, SnapshotStore.CurrentFile), out var s, out var why) ? s!.SnapshotId : "unreadable: " + why;

    [Fact]
    public async Task Apply_SwappedHook_RunsWithTheNewDatabaseServingWhileCallsAreKeptOut()
    {
        var gate = new UpdateGate();
        string? servingInHook = null;
        bool callGotIn = true;
        using var applier = new UpdateApplier(new UpdateApplierOptions
        {
            DataDirectory = _data,
            PinnedKeys = _ngo.PublicPath,
            Gate = gate,
            Swapped = s =>
            {
                servingInHook = $"{s.SnapshotId} {ServingId()}";
                callGotIn = gate.EnterCallAsync().AsTask().IsCompleted;
            },
        });

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 3));

        Assert.True(r.Applied, r.RejectedReason);
        Assert.Null(r.Detail);
        Assert.Equal("seed-central-schemes-v2 seed-central-schemes-v2", servingInHook);
        Assert.False(callGotIn);
    }

    [Fact]
    public async Task Apply_SwappedHookThrows_StaysAppliedAndSaysWhatFailed()
    {
        using var applier = new UpdateApplier(new UpdateApplierOptions
        {
            DataDirectory = _data,
            PinnedKeys = _ngo.PublicPath,
            Swapped = _ => throw new IOException("database locked"),
        });

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 3));

        Assert.True(r.Applied);
        Assert.Contains("database locked", r.Detail, StringComparison.Ordinal);
        Assert.Equal("seed-central-schemes-v2", ServingId());
        Assert.Equal(3, applier.State.LoadResolved().HighestVersion);
    }

    [Fact]
    public async Task Apply_ValidPackage_SwapsInAndRecordsVersion()
    {
        using var applier = Applier();

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Json, 3));

        Assert.True(r.Applied, r.RejectedReason);
        Assert.Equal(Seed.SnapshotId, ServingId());
        var state = applier.State.LoadResolved();
        Assert.Equal((Seed.SnapshotId, 3L), (state.Current!.SnapshotId, state.Current.Version));
        Assert.Equal(3, state.HighestVersion);
        Assert.Null(state.Pending);
    }

    [Fact]
    public async Task Apply_NewerThenOlderAndEqualVersions_OlderRefusedCurrentKeepsServing()
    {
        using var applier = Applier();
        Assert.True((await applier.ApplyAsync(_ngo.Package(Seed.Json, 3))).Applied);
        Assert.True((await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 4))).Applied);

        var replay = await applier.ApplyAsync(_ngo.Package(Seed.Json, 3));
        var same = await applier.ApplyAsync(_ngo.Package(Seed.Json, 4));

        Assert.Equal(RejectReason.NotNewer, replay.Reason);
        Assert.Equal(RejectReason.NotNewer, same.Reason);
        Assert.StartsWith("not-newer: version 3 is not above 4", replay.RejectedReason, StringComparison.Ordinal);
        Assert.Equal("seed-central-schemes-v2", ServingId());
        Assert.Equal(SnapshotStore.PreviousFile, Path.GetFileName(new SnapshotStore(_data).PreviousPath));
        Assert.True(SnapshotStore.TryRead(new SnapshotStore(_data).PreviousPath, out var prev, out _));
        Assert.Equal(Seed.SnapshotId, prev!.SnapshotId);
    }

    [Fact]
    public async Task Apply_OlderVersionForced_Applied()
    {
        using var applier = Applier();
        await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 9));

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Json, 2), force: true);

        Assert.True(r.Applied, r.RejectedReason);
        Assert.Equal(Seed.SnapshotId, ServingId());
        Assert.Equal(9, applier.State.LoadResolved().HighestVersion);
    }

    [Fact]
    public async Task Apply_MalformedJsonInsideValidlySignedPackage_RejectedAsInvalidContent()
    {
        using var applier = Applier();
        await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));
        // Signed correctly, but the builder's validation was bypassed (Assemble writes any payload).
        var broken = "{\"snapshot_id\":\"x\",\"schemes\":[{\"id\":\"pm-kisan\",";
        var bytes = System.Text.Encoding.UTF8.GetBytes(broken);
        var manifest = new PackageManifest
        {
            SnapshotId = "x", Version = 2, Created = DateTimeOffset.UnixEpoch, SchemeCount = 1,
            ContentSha256 = SnapshotPackage.Sha256Hex(bytes), ContentSize = bytes.Length, PayloadEncoding = "identity",
            PayloadSha256 = SnapshotPackage.Sha256Hex(bytes), PayloadSize = bytes.Length, KeyId = _ngo.Id,
        };

        var r = await applier.ApplyAsync(SnapshotPackage.Assemble(manifest, _ngo.Key, bytes));

        Assert.Equal(RejectReason.InvalidContent, r.Reason);
        Assert.Contains("not valid JSON", r.Detail, StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, ServingId());
    }

    [Fact]
    public async Task Apply_ManifestDisagreesWithContent_Rejected()
    {
        using var applier = Applier();
        var genuine = SnapshotPackage.ReadManifest(_ngo.Package(Seed.Json, 1));
        var content = System.Text.Encoding.UTF8.GetBytes(Seed.Json);
        var lying = genuine with { SnapshotId = "another-id", PayloadEncoding = "identity", PayloadSha256 = genuine.ContentSha256, PayloadSize = content.Length };

        var r = await applier.ApplyAsync(SnapshotPackage.Assemble(lying, _ngo.Key, content));

        Assert.Equal(RejectReason.ManifestMismatch, r.Reason);
    }

    [Fact]
    public async Task Apply_NeedsNewerApp_RejectedAsAppTooOld()
    {
        using var applier = Applier(appVersion: "1.0.0");

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Json, 1, minApp: "2.1"));

        Assert.Equal(RejectReason.AppTooOld, r.Reason);
        Assert.False(File.Exists(Path.Combine(_data, SnapshotStore.CurrentFile)));
    }

    [Fact]
    public async Task Apply_WhileCallInProgress_WaitsForTheCallToEnd()
    {
        var gate = new UpdateGate();
        using var applier = Applier(gate);
        await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));
        var call = await gate.EnterCallAsync();

        var apply = applier.ApplyAsync(_ngo.Package(Seed.Version2(), 2));
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.False(apply.IsCompleted);
        Assert.Equal(Seed.SnapshotId, ServingId()); // mid-call the old snapshot keeps serving
        call.Dispose();
        Assert.True((await apply.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Applied);
        Assert.Equal("seed-central-schemes-v2", ServingId());
    }

    [Fact]
    public async Task Gate_CallStartingDuringSwap_WaitsForIt()
    {
        var gate = new UpdateGate();
        var update = await gate.EnterUpdateAsync();

        var call = gate.EnterCallAsync().AsTask();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted);

        update.Dispose();
        using var entered = await call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, gate.ActiveCalls);
    }

    [Fact]
    public async Task State_CrashAfterPendingWrittenBeforeSwap_ResolvesToOldSnapshot()
    {
        using var applier = Applier();
        await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));
        var state = applier.State.Load();
        applier.State.Save(state with { Pending = new AppliedSnapshot("seed-central-schemes-v2", 2, "abc", "2030-01-01T00:00:00.0000000+00:00") });

        var resolved = applier.State.LoadResolved();

        Assert.Null(resolved.Pending);
        Assert.Equal((Seed.SnapshotId, 1L), (resolved.Current!.SnapshotId, resolved.Current.Version));
        Assert.Equal(1, resolved.HighestVersion);
    }

    [Fact]
    public async Task State_CrashAfterSwapBeforeCommit_ResolvesToNewSnapshot()
    {
        using var applier = Applier();
        await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));
        var before = applier.State.Load();
        await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 2));
        var after = applier.State.Load();
        // As if the process died right after the rename: the state file still says "pending".
        applier.State.Save(before with { Pending = after.Current });

        var resolved = applier.State.LoadResolved();

        Assert.Equal(("seed-central-schemes-v2", 2L), (resolved.Current!.SnapshotId, resolved.Current.Version));
        Assert.Equal(Seed.SnapshotId, resolved.Previous!.SnapshotId);
        Assert.Equal(2, resolved.HighestVersion);
    }

    [Fact]
    public async Task Rollback_ThroughSnapshotStore_StateFollowsAndReplayOfRolledBackVersionIsRefused()
    {
        using var applier = Applier();
        await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));
        var bad = _ngo.Package(Seed.Version2(), 2);
        await applier.ApplyAsync(bad);

        Assert.True(new SnapshotStore(_data).Rollback()); // what `saarthi snapshot rollback` does
        var state = applier.State.LoadResolved();

        Assert.Equal((Seed.SnapshotId, 1L), (state.Current!.SnapshotId, state.Current.Version));
        Assert.Equal(RejectReason.NotNewer, (await applier.ApplyAsync(bad)).Reason);
        Assert.True((await applier.ApplyAsync(_ngo.Package(Seed.Version2("seed-central-schemes-v3"), 3))).Applied);
    }

    [Fact]
    public async Task Apply_PackageRotatingKeys_NextPackageNeedsTheNewKey()
    {
        using var next = new TestKey(_dir.Sub("next"), "next");
        using var applier = Applier();

        var rotate = await applier.ApplyAsync(_ngo.Package(Seed.Json, 1, keys: new KeyRotation { Add = [next.PublicPem], Revoke = [_ngo.Id] }));
        var oldKey = await applier.ApplyAsync(_ngo.Package(Seed.Version2(), 2));
        var newKey = await applier.ApplyAsync(next.Package(Seed.Version2(), 3));

        Assert.True(rotate.Applied, rotate.RejectedReason);
        Assert.Equal(RejectReason.UnknownKey, oldKey.Reason);
        Assert.True(newKey.Applied, newKey.RejectedReason);
    }

    [Fact]
    public async Task Apply_DirectoryFsyncFailsAfterRename_ReportedAsAppliedBecauseTheNewDatabaseServes()
    {
        using var applier = new UpdateApplier(new UpdateApplierOptions
        {
            DataDirectory = _data,
            PinnedKeys = _ngo.PublicPath,
            SyncDirectory = _ => throw new IOException("fsync: input/output error"),
        });

        var r = await applier.ApplyAsync(_ngo.Package(Seed.Json, 1));

        Assert.True(r.Applied, r.RejectedReason);
        Assert.Equal(Seed.SnapshotId, applier.State.LoadResolved().Current!.SnapshotId);
    }

    [Fact]
    public void SyncDirectory_Native_FsyncsAnExistingDirectoryAndNamesAMissingOne()
    {
        DurableFiles.SyncDirectory(_data);

        var e = Assert.Throws<Saarthi.Native.Interop.Libc.FileSystemSyncException>(() => DurableFiles.SyncDirectory(Path.Combine(_data, "missing")));
        Assert.Equal(2, e.NativeCode); // ENOENT
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }
}
