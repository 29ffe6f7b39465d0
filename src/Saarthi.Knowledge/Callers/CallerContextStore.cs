using Microsoft.Data.Sqlite;

namespace Saarthi.Knowledge.Callers;

/// <summary>
/// What a caller's conversation was about, kept for 60 minutes after the call under the salted hash of their
/// number, so a caller who rings back continues where they left off. Expired rows are deleted, not just ignored.
/// Its own SQLite file (<c>callers.db</c>): snapshot swaps never touch it.
/// </summary>
public sealed class CallerContextStore : IDisposable
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(60);
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    public CallerContextStore(string path, TimeProvider? time = null, TimeSpan? retention = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _time = time ?? TimeProvider.System;
        Retention = retention ?? DefaultRetention;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS caller_context(
                caller_hash TEXT PRIMARY KEY, context_json TEXT NOT NULL, saved_at TEXT NOT NULL, expires_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_caller_context_expiry ON caller_context(expires_at);
            """;
        cmd.ExecuteNonQuery();
    }

    public TimeSpan Retention { get; }

    /// <summary>Keeps <paramref name="contextJson"/> for the retention period from now (replacing an older one).</summary>
    public void Save(string callerHash, string contextJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callerHash);
        ArgumentNullException.ThrowIfNull(contextJson);
        var now = _time.GetUtcNow();
        Exec("INSERT INTO caller_context(caller_hash, context_json, saved_at, expires_at) VALUES($h, $j, $s, $e) " +
             "ON CONFLICT(caller_hash) DO UPDATE SET context_json = excluded.context_json, saved_at = excluded.saved_at, expires_at = excluded.expires_at",
            ("$h", callerHash), ("$j", contextJson), ("$s", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("$e", (now + Retention).ToUnixTimeMilliseconds()));
    }

    /// <summary>The caller's context if it has not expired; expired context is deleted first.</summary>
    public string? TryLoad(string callerHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callerHash);
        PurgeExpired();
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT context_json FROM caller_context WHERE caller_hash = $h";
            cmd.Parameters.AddWithValue("$h", callerHash);
            return cmd.ExecuteScalar() as string;
        }
    }

    /// <summary>Deletes every context older than the retention period; returns how many.</summary>
    public int PurgeExpired() => Exec("DELETE FROM caller_context WHERE expires_at <= $now", ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()));

    public int Count
    {
        get
        {
            lock (_gate)
            {
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*) FROM caller_context";
                return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private int Exec(string sql, params (string Name, object Value)[] args)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
            return cmd.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
