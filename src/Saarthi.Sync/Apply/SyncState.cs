using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Sync.Apply;

/// <summary>A snapshot that was made the serving one. <see cref="ImportedAt"/> is the exact <c>imported_at</c> written into its database.</summary>
public sealed record AppliedSnapshot(string SnapshotId, long Version, string? PackageId, string ImportedAt);

/// <summary>What became of one package (kept for the status topic and to ignore redelivered chunks).</summary>
public sealed record PackageOutcome(string PackageId, string? SnapshotId, long? Version, bool Applied, string? Reason, DateTimeOffset At);

/// <summary>The kiosk's sync bookkeeping (<c>sync/state.json</c> in the data directory).</summary>
public sealed record SyncState
{
    public const int RecentLimit = 100;

    public AppliedSnapshot? Current { get; init; }

    public AppliedSnapshot? Previous { get; init; }

    /// <summary>Written before a swap, cleared after it; resolved against the database after a crash in between.</summary>
    public AppliedSnapshot? Pending { get; init; }

    /// <summary>The highest version ever applied: replays and older packages are refused against it (also after a rollback).</summary>
    public long HighestVersion { get; init; }

    public IReadOnlyList<PackageOutcome> Recent { get; init; } = [];

    public bool IsDone(string packageId) => Recent.Any(r => r.PackageId == packageId);

    public SyncState WithOutcome(PackageOutcome outcome) => this with
    {
        Recent = [.. Recent.Where(r => r.PackageId != outcome.PackageId).TakeLast(RecentLimit - 1), outcome],
    };
}

/// <summary>Loads and saves <see cref="SyncState"/> durably, and reconciles it with the database actually serving.</summary>
public sealed class SyncStateStore
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public SyncStateStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        SyncDirectory = Path.Combine(DataDirectory, "sync");
    }

    public string DataDirectory { get; }

    /// <summary><c>&lt;data&gt;/sync</c>: state, key rotation record, incoming chunks, telemetry queue.</summary>
    public string SyncDirectory { get; }

    public string StatePath => Path.Combine(SyncDirectory, "state.json");

    public string KeyRotationPath => Path.Combine(SyncDirectory, "keys.json");

    public string IncomingDirectory => Path.Combine(SyncDirectory, "incoming");

    public SyncState Load()
    {
        try
        {
            return File.Exists(StatePath) ? JsonSerializer.Deserialize<SyncState>(File.ReadAllBytes(StatePath), Options) ?? new SyncState() : new SyncState();
        }
        catch (JsonException)
        {
            // Written atomically, so this means someone edited it by hand; the database stays the truth.
            return new SyncState();
        }
    }

    public void Save(SyncState state) => DurableFiles.WriteAtomically(StatePath, JsonSerializer.SerializeToUtf8Bytes(state, Options));

    /// <summary>
    /// The state as it really is: after a crash between writing <see cref="SyncState.Pending"/> and the swap (or after it),
    /// after <c>snapshot rollback</c>, or after a manual <c>snapshot import</c>, the serving database decides.
    /// </summary>
    public SyncState LoadResolved()
    {
        var state = Load();
        var db = ReadServing(Path.Combine(DataDirectory, SnapshotStore.CurrentFile));
        if (db is null)
        {
            return state;
        }

        bool Matches(AppliedSnapshot? s) => s is not null && s.SnapshotId == db.Value.SnapshotId && s.ImportedAt == db.Value.ImportedAt;
        SyncState resolved;
        if (Matches(state.Current))
        {
            if (state.Pending is null)
            {
                return state;
            }

            resolved = state with { Pending = null }; // the swap never happened
        }
        else if (Matches(state.Pending))
        {
            resolved = state with { Previous = state.Current, Current = state.Pending, Pending = null, HighestVersion = Math.Max(state.HighestVersion, state.Pending!.Version) };
        }
        else if (Matches(state.Previous))
        {
            resolved = state with { Previous = state.Current, Current = state.Previous, Pending = null }; // rolled back
        }
        else
        {
            // Imported by hand or built from the embedded seed: no package version is known for it.
            resolved = state with { Previous = state.Current, Current = new AppliedSnapshot(db.Value.SnapshotId, 0, null, db.Value.ImportedAt), Pending = null };
        }

        Save(resolved);
        return resolved;
    }

    /// <summary>The snapshot id and <c>imported_at</c> stored in a knowledge database, or null when it cannot be read.</summary>
    public static (string SnapshotId, string ImportedAt)? ReadServing(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        try
        {
            var csb = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var c = new SqliteConnection(csb.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT key, value FROM snapshot_info WHERE key IN ('snapshot_id','imported_at')";
            using var r = cmd.ExecuteReader();
            string? id = null, at = null;
            while (r.Read())
            {
                if (r.GetString(0) == "snapshot_id")
                {
                    id = r.GetString(1);
                }
                else
                {
                    at = r.GetString(1);
                }
            }

            return id is null || at is null ? null : (id, at);
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
