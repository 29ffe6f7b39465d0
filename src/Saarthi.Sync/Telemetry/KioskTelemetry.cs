using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Saarthi.Sync.Telemetry;

/// <summary>One finished call, as the appliance reports it. No caller number: only what helps the NGO.</summary>
/// <param name="Line"><c>phone</c> (GSM call) or <c>handset</c>.</param>
/// <param name="SchemesAsked">Scheme ids the caller asked about (each counted once per question).</param>
/// <param name="Result">How the call ended, e.g. <c>completed</c>, <c>caller_hung_up</c>, <c>fault</c>.</param>
/// <param name="Intents">The intent of each turn (e.g. <c>scheme_info</c>, <c>how_to_apply</c>, <c>unclear</c>).</param>
public sealed record CallTelemetry(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Line,
    string? Language,
    IReadOnlyList<string> SchemesAsked,
    int Questions,
    string Result,
    IReadOnlyList<string>? Intents = null);

/// <summary>Limits of the durable queue.</summary>
public sealed record TelemetryOptions
{
    /// <summary>Messages kept while offline; beyond it the oldest of the lowest priority are dropped (and counted).</summary>
    public int MaxQueuedMessages { get; init; } = 2000;

    public long MaxQueuedBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Unanswered questions kept per day.</summary>
    public int MaxUnansweredPerDay { get; init; } = 200;
}

/// <summary>A message waiting in the durable queue: its kind selects the topic (<c>events</c>, <c>telemetry</c>, <c>callbacks</c>).</summary>
public sealed record OutboxItem(long Seq, string Kind, byte[] Payload);

/// <summary>
/// What the appliance reports and sync sends: anonymised daily aggregates (calls, languages, questions per scheme,
/// out-of-scope and unanswered question texts), callback requests (the one place a phone number leaves the box),
/// errors and update events. Everything is kept in a bounded SQLite queue (<c>sync/telemetry.db</c>) until the broker
/// has acknowledged it, so nothing is lost while the kiosk is offline or restarts. Thread-safe.
/// </summary>
public sealed partial class KioskTelemetry : IDisposable
{
    public const string KindEvents = "events";
    public const string KindTelemetry = "telemetry";
    public const string KindCallbacks = "callbacks";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;

    public KioskTelemetry(string dataDirectory, TelemetryOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _options = options ?? new TelemetryOptions();
        _time = time ?? TimeProvider.System;
        var dir = Path.Combine(Path.GetFullPath(dataDirectory), "sync");
        Directory.CreateDirectory(dir);
        DatabasePath = Path.Combine(dir, "telemetry.db");
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        _db.Open();
        Exec("""
            PRAGMA journal_mode=DELETE;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload BLOB NOT NULL,
                                              priority INTEGER NOT NULL, created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS daily(day TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
                                             PRIMARY KEY(day, metric, key));
            CREATE TABLE IF NOT EXISTS unanswered(id INTEGER PRIMARY KEY, day TEXT NOT NULL, kind TEXT NOT NULL, language TEXT, text TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS callbacks_queued(id TEXT PRIMARY KEY, at TEXT NOT NULL);
            """);
    }

    public string DatabasePath { get; }

    /// <summary>The modem's signal (e.g. CSQ 0–31, or dBm); the appliance sets this from its modem.</summary>
    public Func<int?>? ModemSignal { get; set; }

    /// <summary>Calls recorded today (kiosk local day).</summary>
    public int CallsToday => (int)Count(Today(), "calls", "");

    /// <summary>Messages waiting for the broker.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return Convert.ToInt32(Scalar("SELECT COUNT(*) FROM outbox"), CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Messages dropped because the queue was full.</summary>
    public long Dropped => long.Parse(Meta("dropped") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The last error reported, with when.</summary>
    public string? LastError => Meta("last_error");

    /// <summary>Counts one finished call into today's aggregates.</summary>
    public void RecordCall(CallTelemetry call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var day = DayOf(call.StartedAt);
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            Add(tx, day, "calls", "", 1);
            Add(tx, day, "call_seconds", "", (long)Math.Round(call.Duration.TotalSeconds));
            Add(tx, day, "lines", Clip(call.Line, 20), 1);
            Add(tx, day, "languages", Clip(call.Language ?? "unknown", 12), 1);
            Add(tx, day, "results", Clip(call.Result, 40), 1);
            Add(tx, day, "questions", "", call.Questions);
            foreach (var scheme in call.SchemesAsked)
            {
                Add(tx, day, "questions_per_scheme", Clip(scheme, 64), 1);
            }

            foreach (var intent in call.Intents ?? [])
            {
                Add(tx, day, "intents", Clip(intent, 40), 1);
            }

            tx.Commit();
        }
    }

    /// <summary>
    /// A question the kiosk could not answer (<paramref name="outOfScope"/>: not about a scheme it knows). Only the text
    /// is kept, with long digit runs (phone, Aadhaar, account numbers) replaced by <c>[number]</c>.
    /// </summary>
    public void RecordUnanswered(string question, string? language, bool outOfScope)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = Clip(Scrub(question.Trim()), 300);
        if (text.Length == 0)
        {
            return;
        }

        var day = Today();
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            Add(tx, day, outOfScope ? "out_of_scope" : "unanswered", "", 1);
            var kept = Convert.ToInt32(Scalar("SELECT COUNT(*) FROM unanswered WHERE day=$d", tx, ("$d", day)), CultureInfo.InvariantCulture);
            if (kept < _options.MaxUnansweredPerDay)
            {
                Exec("INSERT INTO unanswered(day,kind,language,text) VALUES($d,$k,$l,$t)", tx,
                    ("$d", day), ("$k", outOfScope ? "out_of_scope" : "unanswered"), ("$l", language), ("$t", text));
            }

            tx.Commit();
        }
    }

    /// <summary>
    /// A caller asked to be called back: queued at once for the NGO with the number, the language and the scheme.
    /// The only telemetry that carries a phone number. Matches the appliance's <c>ICallbackRequests.Request</c>.
    /// </summary>
    /// <param name="requestId">
    /// A stable id for the request: a request with an id already queued is not queued again (a relay that stopped
    /// half way through and starts over sends nothing twice). <see langword="null"/> makes a new id.
    /// </param>
    /// <returns>Whether it was queued (false: that id was queued before).</returns>
    public bool RecordCallbackRequest(string number, string language, DateTimeOffset at, string? schemeId = null, string? requestId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        var id = requestId ?? Guid.NewGuid().ToString("N");
        var payload = new JsonObject
        {
            ["type"] = "callback_request",
            ["id"] = id,
            ["number"] = number.Trim(),
            ["language"] = language,
            ["scheme_id"] = schemeId,
            ["at"] = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            // Ids are kept 30 days: long after any relay could repeat them.
            Exec("DELETE FROM callbacks_queued WHERE at < $old", tx, ("$old", now.AddDays(-30).ToString("O", CultureInfo.InvariantCulture)));
            Exec("INSERT OR IGNORE INTO callbacks_queued(id, at) VALUES($i, $a)", tx, ("$i", id), ("$a", now.ToString("O", CultureInfo.InvariantCulture)));
            if (Convert.ToInt64(Scalar("SELECT changes()", tx), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }

            Add(tx, DayOf(now), "callback_requests", "", 1);
            EnqueueLocked(tx, KindCallbacks, 2, payload);
            tx.Commit();
            return true;
        }
    }

    /// <summary>An error worth telling the NGO about (modem gone, disk full…); the latest one is also in the status.</summary>
    public void RecordError(string component, string message)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(message);
        var now = _time.GetUtcNow();
        SetMeta("last_error", $"{now:O} {component}: {Clip(message, 300)}");
        Enqueue(KindEvents, 1, new JsonObject
        {
            ["type"] = "error",
            ["component"] = component,
            ["message"] = Clip(message, 300),
            ["at"] = now.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Queues an event (update applied/rejected, rollback…) for the <c>events</c> topic.</summary>
    public void RecordEvent(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        payload["at"] ??= _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        Enqueue(KindEvents, 1, payload);
    }

    /// <summary>
    /// Moves the aggregates of finished days (and today's too when <paramref name="includeToday"/>) into the queue as one
    /// <c>daily</c> message per day; returns how many days were closed.
    /// </summary>
    public int CloseDays(bool includeToday = false)
    {
        var today = Today();
        lock (_lock)
        {
            var days = new List<string>();
            using (var cmd = _db.CreateCommand())
            {
                cmd.CommandText = "SELECT DISTINCT day FROM daily UNION SELECT DISTINCT day FROM unanswered ORDER BY 1";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    days.Add(r.GetString(0));
                }
            }

            int closed = 0;
            foreach (var day in days.Where(d => includeToday ? string.CompareOrdinal(d, today) <= 0 : string.CompareOrdinal(d, today) < 0))
            {
                using var tx = _db.BeginTransaction();
                var message = DailyMessage(day, tx);
                Exec("DELETE FROM daily WHERE day=$d", tx, ("$d", day));
                Exec("DELETE FROM unanswered WHERE day=$d", tx, ("$d", day));
                EnqueueLocked(tx, KindTelemetry, 0, message);
                tx.Commit();
                closed++;
            }

            return closed;
        }
    }

    /// <summary>The oldest queued messages, highest priority first within the same age order.</summary>
    public IReadOnlyList<OutboxItem> Peek(int max)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT seq, kind, payload FROM outbox ORDER BY seq LIMIT $n";
            cmd.Parameters.AddWithValue("$n", max);
            using var r = cmd.ExecuteReader();
            var list = new List<OutboxItem>();
            while (r.Read())
            {
                list.Add(new OutboxItem(r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2)));
            }

            return list;
        }
    }

    /// <summary>The broker has the message: remove it from the queue.</summary>
    public void Acknowledge(long seq)
    {
        lock (_lock)
        {
            Exec("DELETE FROM outbox WHERE seq=$s", null, ("$s", seq));
        }
    }

    /// <summary>Today's counts so far, without question texts: what the status shows between daily messages.</summary>
    public JsonObject TodayCounts()
    {
        var today = TodaySoFar();
        today.Remove("unanswered_questions");
        today.Remove("type");
        return today;
    }

    /// <summary>Today's aggregates so far, as they would be sent (for the status and for tests).</summary>
    public JsonObject TodaySoFar()
    {
        lock (_lock)
        {
            return DailyMessage(Today(), null);
        }
    }

    public void Dispose() => _db.Dispose();

    private JsonObject DailyMessage(string day, SqliteTransaction? tx)
    {
        var message = new JsonObject { ["type"] = "daily", ["day"] = day };
        var groups = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        using (var cmd = _db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT metric, key, count FROM daily WHERE day=$d ORDER BY metric, count DESC, key";
            cmd.Parameters.AddWithValue("$d", day);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var (metric, key, count) = (r.GetString(0), r.GetString(1), r.GetInt64(2));
                if (key.Length == 0)
                {
                    message[metric] = count;
                }
                else
                {
                    if (!groups.TryGetValue(metric, out var group))
                    {
                        groups[metric] = group = new JsonObject();
                        message[metric] = group;
                    }

                    group[key] = count;
                }
            }
        }

        var texts = new JsonArray();
        using (var cmd = _db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT kind, language, text FROM unanswered WHERE day=$d ORDER BY id";
            cmd.Parameters.AddWithValue("$d", day);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                texts.Add(new JsonObject { ["kind"] = r.GetString(0), ["language"] = r.IsDBNull(1) ? null : r.GetString(1), ["text"] = r.GetString(2) });
            }
        }

        message["unanswered_questions"] = texts;
        return message;
    }

    private void Enqueue(string kind, int priority, JsonObject payload)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            EnqueueLocked(tx, kind, priority, payload);
            tx.Commit();
        }
    }

    private void EnqueueLocked(SqliteTransaction tx, string kind, int priority, JsonObject payload)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        Exec("INSERT INTO outbox(kind,payload,priority,created) VALUES($k,$p,$pr,$c)", tx,
            ("$k", kind), ("$p", bytes), ("$pr", priority), ("$c", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));

        // Bounded: drop the oldest of the lowest priority until within both limits.
        long dropped = 0;
        while (true)
        {
            var count = Convert.ToInt64(Scalar("SELECT COUNT(*) FROM outbox", tx), CultureInfo.InvariantCulture);
            var size = Convert.ToInt64(Scalar("SELECT IFNULL(SUM(LENGTH(payload)),0) FROM outbox", tx), CultureInfo.InvariantCulture);
            if ((count <= _options.MaxQueuedMessages && size <= _options.MaxQueuedBytes) || count <= 1)
            {
                break;
            }

            Exec("DELETE FROM outbox WHERE seq = (SELECT seq FROM outbox ORDER BY priority, seq LIMIT 1)", tx);
            dropped++;
        }

        if (dropped > 0)
        {
            var before = Convert.ToInt64(Scalar("SELECT IFNULL((SELECT value FROM meta WHERE key='dropped'),'0')", tx), CultureInfo.InvariantCulture);
            Exec("INSERT OR REPLACE INTO meta(key,value) VALUES('dropped',$v)", tx, ("$v", (before + dropped).ToString(CultureInfo.InvariantCulture)));
        }
    }

    private void Add(string day, string metric, string key, long n)
    {
        lock (_lock)
        {
            Exec("INSERT INTO daily(day,metric,key,count) VALUES($d,$m,$k,$n) ON CONFLICT(day,metric,key) DO UPDATE SET count=count+$n", null,
                ("$d", day), ("$m", metric), ("$k", key), ("$n", n));
        }
    }

    private void Add(SqliteTransaction tx, string day, string metric, string key, long n) =>
        Exec("INSERT INTO daily(day,metric,key,count) VALUES($d,$m,$k,$n) ON CONFLICT(day,metric,key) DO UPDATE SET count=count+$n", tx,
            ("$d", day), ("$m", metric), ("$k", key), ("$n", n));

    private long Count(string day, string metric, string key)
    {
        lock (_lock)
        {
            return Convert.ToInt64(Scalar("SELECT IFNULL((SELECT count FROM daily WHERE day=$d AND metric=$m AND key=$k),0)", null,
                ("$d", day), ("$m", metric), ("$k", key)), CultureInfo.InvariantCulture);
        }
    }

    private string? Meta(string key)
    {
        lock (_lock)
        {
            return Scalar("SELECT value FROM meta WHERE key=$k", null, ("$k", key)) as string;
        }
    }

    private void SetMeta(string key, string value)
    {
        lock (_lock)
        {
            Exec("INSERT OR REPLACE INTO meta(key,value) VALUES($k,$v)", null, ("$k", key), ("$v", value));
        }
    }

    private string Today() => DayOf(_time.GetUtcNow());

    private string DayOf(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _time.LocalTimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Scrub(string text) => DigitRun().Replace(text, "[number]");

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];

    [GeneratedRegex(@"\+?\d(?:[ \-]?\d){6,}")]
    private static partial Regex DigitRun();

    private void Exec(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd.ExecuteScalar();
    }
}
