using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Storage;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Apply;

/// <summary>The outcome of one package: applied, or rejected with a reason code and the exact problem.</summary>
public sealed record ApplyResult(
    bool Applied,
    string? PackageId,
    string? SnapshotId,
    long? Version,
    RejectReason? Reason,
    string? Detail,
    TimeSpan Elapsed)
{
    /// <summary><c>code: detail</c> (e.g. <c>not-newer: version 3 is not above 5</c>), or null when applied.</summary>
    public string? RejectedReason => Reason is { } r ? $"{PackageRejectedException.Code(r)}: {Detail}" : null;
}

/// <summary>Where a kiosk keeps things and what it trusts, for <see cref="UpdateApplier"/>.</summary>
public sealed record UpdateApplierOptions
{
    /// <summary>The data directory holding <c>knowledge.db</c> (and <c>sync/</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A pinned NGO public key (PEM file) or a folder of them (e.g. <c>firmware-config/ngo-keys/</c>).</summary>
    public required string PinnedKeys { get; init; }

    public SyncLimits Limits { get; init; } = SyncLimits.Default;

    /// <summary>This application's version, compared with a package's <c>min_app_version</c>.</summary>
    public string AppVersion { get; init; } = SyncVersion.App;

    public IUpdateGate Gate { get; init; } = new UpdateGate();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Makes renames durable; the native directory fsync by default.</summary>
    public Action<string> SyncDirectory { get; init; } = DurableFiles.SyncDirectory;

    /// <summary>
    /// Runs right after a new database has been swapped in, while the gate still keeps calls out: the appliance reopens
    /// its knowledge base here, so no call can start on the old one. If it throws, the package stays applied (the new
    /// database serves) and the result's <see cref="ApplyResult.Detail"/> says what went wrong.
    /// </summary>
    public Action<AppliedSnapshot>? Swapped { get; init; }
}

/// <summary>
/// Verifies and applies packages: signature and hashes, app version, version order, the same content validation as
/// <c>snapshot import</c>, then (between calls, through <see cref="IUpdateGate"/>) builds the new database beside the
/// serving one and renames it over it, keeping the previous one for rollback. Every step before the rename can fail
/// without touching what is serving.
/// </summary>
public sealed class UpdateApplier : IDisposable
{
    private readonly UpdateApplierOptions _options;
    private readonly SemaphoreSlim _one = new(1, 1);

    public UpdateApplier(UpdateApplierOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        State = new SyncStateStore(options.DataDirectory);
    }

    public SyncStateStore State { get; }

    public UpdateApplierOptions Options => _options;

    /// <summary>The keys trusted now (pinned files + rotation record).</summary>
    public NgoKeyRing LoadKeys() => NgoKeyRing.Load(_options.PinnedKeys, State.KeyRotationPath);

    /// <summary>Checks and applies one package. Never throws for a bad package: the result says why it was refused.</summary>
    /// <param name="force">Apply even when the version is not newer (an NGO-confirmed downgrade).</param>
    public async Task<ApplyResult> ApplyAsync(byte[] package, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var clock = Stopwatch.StartNew();
        var packageId = SnapshotPackage.Sha256Hex(package);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ApplyResult result;
            try
            {
                result = await ApplyCoreAsync(package, packageId, force, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (PackageRejectedException e)
            {
                PackageManifest? manifest = null;
                try
                {
                    manifest = SnapshotPackage.ReadManifest(package);
                }
                catch (PackageRejectedException)
                {
                }

                result = new ApplyResult(false, packageId, manifest?.SnapshotId, manifest?.Version, e.Reason, e.Detail, clock.Elapsed);
            }

            Record(result);
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>Records a package refused before it could be assembled (oversize, hash mismatch), so its chunks are ignored from now on.</summary>
    public ApplyResult RecordRejected(string packageId, RejectReason reason, string detail)
    {
        var result = new ApplyResult(false, packageId, null, null, reason, detail, TimeSpan.Zero);
        Record(result);
        return result;
    }

    private async Task<ApplyResult> ApplyCoreAsync(byte[] package, string packageId, bool force, Stopwatch clock, CancellationToken cancellationToken)
    {
        var keys = LoadKeys();
        var verified = SnapshotPackage.Open(package, keys, _options.Limits);
        var manifest = verified.Manifest;

        if (!Version.TryParse(Normalize(manifest.MinAppVersion), out var min))
        {
            throw new PackageRejectedException(RejectReason.Malformed, $"min_app_version '{manifest.MinAppVersion}' is not a version");
        }

        if (Version.TryParse(Normalize(_options.AppVersion), out var app) && app < min)
        {
            throw new PackageRejectedException(RejectReason.AppTooOld, $"the package needs app {manifest.MinAppVersion}, this kiosk runs {_options.AppVersion}");
        }

        var state = State.LoadResolved();
        if (!force && manifest.Version <= state.HighestVersion)
        {
            throw new PackageRejectedException(RejectReason.NotNewer,
                $"version {manifest.Version} is not above {state.HighestVersion}, the newest this kiosk has applied (current {state.Current?.SnapshotId ?? "?"})");
        }

        Knowledge.Model.Snapshot snapshot;
        try
        {
            snapshot = SnapshotParser.Parse(verified.SnapshotJson, $"package {manifest.SnapshotId} v{manifest.Version}");
        }
        catch (SnapshotValidationException e)
        {
            throw new PackageRejectedException(RejectReason.InvalidContent,
                $"{e.Problems.Count} problem(s): {string.Join("; ", e.Problems.Take(5))}{(e.Problems.Count > 5 ? "; …" : "")}", e);
        }

        if (snapshot.SnapshotId != manifest.SnapshotId || snapshot.Schemes.Count != manifest.SchemeCount)
        {
            throw new PackageRejectedException(RejectReason.ManifestMismatch,
                $"manifest says {manifest.SnapshotId} with {manifest.SchemeCount} schemes, the snapshot is {snapshot.SnapshotId} with {snapshot.Schemes.Count}");
        }

        if (manifest.Keys is { } rotation)
        {
            keys.CheckRotation(rotation);
        }

        string? swappedProblem;
        using (await _options.Gate.EnterUpdateAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _options.Time.GetUtcNow();
            var entry = new AppliedSnapshot(manifest.SnapshotId, manifest.Version, packageId, now.ToString("O", CultureInfo.InvariantCulture));
            State.Save(State.LoadResolved() with { Pending = entry });
            RemoveLeftovers();
            Exception? failure = null;
            try
            {
                var store = new SnapshotStore(_options.DataDirectory, new FixedTime(now), _options.SyncDirectory);
                await Task.Run(() => store.Import(verified.SnapshotJson, $"package {manifest.SnapshotId} v{manifest.Version}"), CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or SqliteException or Native.NativeCallException)
            {
                failure = e;
            }

            // The serving database decides: a failure after the rename (the directory fsync) still swapped it in.
            var after = State.LoadResolved();
            if (after.Current?.PackageId != packageId)
            {
                throw new PackageRejectedException(RejectReason.ApplyFailed,
                    failure?.Message ?? "the new database is not the serving one after the swap", failure);
            }

            swappedProblem = NotifySwapped(after.Current!);
        }

        if (manifest.Keys is { } keysToRecord)
        {
            NgoKeyRing.RecordRotation(State.KeyRotationPath, keysToRecord, DurableFiles.WriteAtomically);
        }

        return new ApplyResult(true, packageId, manifest.SnapshotId, manifest.Version, null, swappedProblem, clock.Elapsed);
    }

    /// <summary>Tells the appliance the new database serves; returns what went wrong there, if anything.</summary>
    private string? NotifySwapped(AppliedSnapshot serving)
    {
        try
        {
            _options.Swapped?.Invoke(serving);
            return null;
        }
        catch (Exception e)
        {
            return $"applied, but reopening it failed: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Staging files of an apply that was killed (power cut) are never picked up again: delete them.</summary>
    private void RemoveLeftovers()
    {
        foreach (var pattern in new[] { "knowledge.*.staging.db", "knowledge.*.staging.db-journal", SnapshotStore.PreviousFile + ".tmp" })
        {
            foreach (var file in Directory.Exists(_options.DataDirectory) ? Directory.GetFiles(_options.DataDirectory, pattern) : [])
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private void Record(ApplyResult result)
    {
        if (result.PackageId is null)
        {
            return;
        }

        var state = State.Load();
        State.Save(state.WithOutcome(new PackageOutcome(result.PackageId, result.SnapshotId, result.Version, result.Applied, result.RejectedReason, _options.Time.GetUtcNow())));
    }

    private static string Normalize(string v) => v.Contains('.', StringComparison.Ordinal) ? v : v + ".0";

    /// <summary>Makes <c>SnapshotStore</c> stamp the exact <c>imported_at</c> recorded in the pending state entry.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The application version packages are checked against (<c>min_app_version</c>).</summary>
public static class SyncVersion
{
    /// <summary>The entry assembly's version (major.minor.build), e.g. <c>1.0.0</c>.</summary>
    public static string App { get; } =
        (System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version ?? new Version(1, 0, 0)).ToString(3);
}
