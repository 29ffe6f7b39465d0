using System.Text.Json;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Model;

namespace Saarthi.Knowledge.Storage;

/// <summary>
/// The data directory's snapshot files: <c>knowledge.db</c> (serving), <c>knowledge.prev.db</c> (for rollback).
/// A new snapshot is validated, built in full beside the current one and renamed over it, so a crash or a bad file at
/// any point leaves either the old or the new database, never a half-written one.
/// </summary>
public sealed class SnapshotStore
{
    public const string CurrentFile = "knowledge.db";
    public const string PreviousFile = "knowledge.prev.db";
    private readonly TimeProvider _time;
    private readonly Action<string> _syncDirectory;

    /// <param name="syncDirectory">Makes a rename durable (fsync of the directory); the sync layer passes the native one.</param>
    public SnapshotStore(string dataDirectory, TimeProvider? time = null, Action<string>? syncDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        _time = time ?? TimeProvider.System;
        _syncDirectory = syncDirectory ?? (_ => { });
    }

    public string DataDirectory { get; }

    public string CurrentPath => Path.Combine(DataDirectory, CurrentFile);

    public string PreviousPath => Path.Combine(DataDirectory, PreviousFile);

    /// <summary>
    /// Validates <paramref name="json"/> and makes it the serving snapshot. On any problem it throws
    /// (<see cref="SnapshotValidationException"/> for content) and the current snapshot is untouched.
    /// </summary>
    public Snapshot Import(string json, string sourceName)
    {
        var snapshot = SnapshotParser.Parse(json, sourceName);
        var raw = RawSchemes(json);
        Directory.CreateDirectory(DataDirectory);
        var staging = Path.Combine(DataDirectory, $"knowledge.{Guid.NewGuid():N}.staging.db");
        try
        {
            using (var db = KnowledgeDatabase.Open(staging))
            {
                db.Write(snapshot, raw, _time.GetUtcNow());
                // Read it back through the same path a call uses: what cannot be served is not swapped in.
                var check = db.ReadSnapshot();
                if (check.Schemes.Count != snapshot.Schemes.Count || !db.IsHealthy(out var detail))
                    throw new InvalidDataException($"{sourceName}: the built database did not read back ({check.Schemes.Count} schemes)");
            }
            FlushFile(staging);
            if (File.Exists(CurrentPath))
            {
                var prevStaging = PreviousPath + ".tmp";
                File.Copy(CurrentPath, prevStaging, overwrite: true);
                FlushFile(prevStaging);
                File.Move(prevStaging, PreviousPath, overwrite: true);
            }
            File.Move(staging, CurrentPath, overwrite: true); // rename(2): atomic on one file system
            _syncDirectory(DataDirectory);
            return snapshot;
        }
        finally
        {
            TryDelete(staging);
            TryDelete(staging + "-journal");
        }
    }

    /// <summary>
    /// Opens the serving snapshot; when it is missing or unreadable, builds it from <paramref name="seedJson"/>
    /// (the embedded default). A broken file is kept aside as <c>knowledge.broken.db</c> for inspection.
    /// </summary>
    public Snapshot EnsureCurrent(Func<string> seedJson, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(seedJson);
        if (TryRead(CurrentPath, out var snapshot, out var why)) return snapshot!;
        if (File.Exists(CurrentPath))
        {
            log?.Invoke($"knowledge: {CurrentPath} is unusable ({why}); trying the previous snapshot");
            File.Move(CurrentPath, Path.Combine(DataDirectory, "knowledge.broken.db"), overwrite: true);
            if (TryRead(PreviousPath, out snapshot, out _))
            {
                var staging = CurrentPath + ".restore.tmp";
                File.Copy(PreviousPath, staging, overwrite: true);
                FlushFile(staging);
                File.Move(staging, CurrentPath, overwrite: true);
                _syncDirectory(DataDirectory);
                return snapshot!;
            }
        }
        log?.Invoke("knowledge: building the database from the embedded default snapshot");
        return Import(seedJson(), "embedded default snapshot");
    }

    /// <summary>Makes the previous snapshot serve again; false when there is none.</summary>
    public bool Rollback()
    {
        if (!TryRead(PreviousPath, out _, out _)) return false;
        var staging = CurrentPath + ".rollback.tmp";
        File.Copy(PreviousPath, staging, overwrite: true);
        FlushFile(staging);
        if (File.Exists(CurrentPath)) File.Move(CurrentPath, PreviousPath + ".swap", overwrite: true);
        File.Move(staging, CurrentPath, overwrite: true);
        if (File.Exists(PreviousPath + ".swap")) File.Move(PreviousPath + ".swap", PreviousPath, overwrite: true);
        _syncDirectory(DataDirectory);
        return true;
    }

    public static bool TryRead(string path, out Snapshot? snapshot, out string why)
    {
        snapshot = null;
        if (!File.Exists(path)) { why = "missing"; return false; }
        try
        {
            using var db = KnowledgeDatabase.Open(path, readOnly: true);
            if (!db.IsHealthy(out why)) return false;
            snapshot = db.ReadSnapshot();
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or Microsoft.Data.Sqlite.SqliteException or SnapshotValidationException or JsonException)
        {
            why = e.Message;
            return false;
        }
    }

    private static List<string> RawSchemes(string json)
    {
        using var doc = JsonDocument.Parse(json.TrimStart('\uFEFF'));
        return doc.RootElement.GetProperty("schemes").EnumerateArray().Select(e => e.GetRawText()).ToList();
    }

    private static void FlushFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        fs.Flush(flushToDisk: true);
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
