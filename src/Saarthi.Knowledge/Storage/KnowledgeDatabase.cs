using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;

namespace Saarthi.Knowledge.Storage;

/// <summary>
/// One SQLite file holding one snapshot: schemes in relational tables (names, texts, eligibility, benefits,
/// helplines, sources), the original record JSON, and FTS5 indexes over every language. The schema is versioned by
/// PRAGMA user_version and migrated on open.
/// </summary>
public sealed class KnowledgeDatabase : IDisposable
{
    private static readonly HashSet<string> FoldedStopWords = new(StopWords.All.Select(TextFold.FoldWord), StringComparer.Ordinal);
    private readonly SqliteConnection _connection;

    private KnowledgeDatabase(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = "";

    /// <summary>Opens (and migrates) a database; <paramref name="readOnly"/> opens without creating.</summary>
    public static KnowledgeDatabase Open(string path, bool readOnly = false)
    {
        var csb = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // No pooling: a snapshot swap renames the file underneath, and a pooled connection would keep the old one.
            Pooling = false,
        };
        var c = new SqliteConnection(csb.ToString());
        try
        {
            c.Open();
            Exec(c, "PRAGMA foreign_keys=ON;");
            if (!readOnly) Migrations.Apply(c);
            else if (Migrations.Version(c) != Migrations.Latest)
                throw new InvalidDataException($"{path}: schema version {Migrations.Version(c)}, expected {Migrations.Latest}");
        }
        catch
        {
            c.Dispose();
            throw;
        }
        return new KnowledgeDatabase(c) { Path = path };
    }

    /// <summary>Replaces the whole content with <paramref name="snapshot"/> in one transaction.</summary>
    public void Write(Snapshot snapshot, IReadOnlyList<string> rawSchemeJson, DateTimeOffset importedAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rawSchemeJson);
        using var tx = _connection.BeginTransaction();
        foreach (var table in new[] { "scheme_fts", "name_fts", "sources", "helplines", "benefits", "eligibility", "scheme_texts", "scheme_names", "schemes", "snapshot_info" })
            Exec(_connection, $"DELETE FROM {table};", tx);

        void Info(string key, string? value)
            => Insert(tx, "INSERT INTO snapshot_info(key,value) VALUES($k,$v)", ("$k", key), ("$v", value ?? ""));
        Info("snapshot_id", snapshot.SnapshotId);
        Info("schema_version", snapshot.SchemaVersion);
        Info("compiled_on", snapshot.CompiledOn);
        Info("languages", string.Join(',', snapshot.Languages));
        Info("scheme_count", snapshot.Schemes.Count.ToString(CultureInfo.InvariantCulture));
        Info("imported_at", importedAt.ToString("O", CultureInfo.InvariantCulture));

        for (int i = 0; i < snapshot.Schemes.Count; i++)
        {
            var s = snapshot.Schemes[i];
            Insert(tx, "INSERT INTO schemes(id,category,level,state,ministry,official_url,facts_as_of,position,record_json) VALUES($id,$c,$l,$st,$m,$u,$f,$p,$j)",
                ("$id", s.Id), ("$c", s.Category), ("$l", s.Level), ("$st", s.State), ("$m", s.Ministry), ("$u", s.OfficialUrl),
                ("$f", s.FactsAsOf), ("$p", i), ("$j", rawSchemeJson[i]));
            WriteNames(tx, s);
            WriteTexts(tx, s);
            WriteRules(tx, s);
            for (int b = 0; b < s.Benefits.Count; b++)
            {
                var ben = s.Benefits[b];
                Insert(tx, "INSERT INTO benefits(scheme_id,position,type,amount_inr,amount_max_inr,frequency,confidence) VALUES($s,$p,$t,$a,$m,$f,$c)",
                    ("$s", s.Id), ("$p", b), ("$t", ben.Type), ("$a", ben.AmountInr), ("$m", ben.AmountMaxInr), ("$f", ben.Frequency), ("$c", ben.Confidence));
            }
            foreach (var h in s.Helplines)
                Insert(tx, "INSERT INTO helplines(scheme_id,number,label,as_of,confidence) VALUES($s,$n,$l,$a,$c)",
                    ("$s", s.Id), ("$n", h.Number), ("$l", h.Label), ("$a", h.AsOf), ("$c", h.Confidence));
            foreach (var src in s.Sources)
                Insert(tx, "INSERT INTO sources(scheme_id,type,publisher,url,date,supports) VALUES($s,$t,$p,$u,$d,$x)",
                    ("$s", s.Id), ("$t", src.Type), ("$p", src.Publisher), ("$u", src.Url), ("$d", src.Date), ("$x", src.Supports));
        }
        tx.Commit();
    }

    private void WriteNames(SqliteTransaction tx, Scheme s)
    {
        void Name(string? lang, string kind, string name)
        {
            Insert(tx, "INSERT INTO scheme_names(scheme_id,language,kind,name) VALUES($s,$l,$k,$n)", ("$s", s.Id), ("$l", lang), ("$k", kind), ("$n", name));
            // The trigram index gets both the written name and its folded spelling, so "ayushmaan" finds "Ayushman".
            var folded = string.Join(' ', TextFold.Words(name));
            Insert(tx, "INSERT INTO name_fts(scheme_id,body) VALUES($s,$b)", ("$s", s.Id), ("$b", name + " " + folded));
        }
        foreach (var (lang, name) in s.Names.Full) Name(lang, "name", name);
        foreach (var alias in s.Names.Aliases) Name(null, "alias", alias);
    }

    private void WriteTexts(SqliteTransaction tx, Scheme s)
    {
        void Text(string lang, string field, int pos, string text)
        {
            Insert(tx, "INSERT INTO scheme_texts(scheme_id,language,field,position,text) VALUES($s,$l,$f,$p,$t)",
                ("$s", s.Id), ("$l", lang), ("$f", field), ("$p", pos), ("$t", text));
            Insert(tx, "INSERT INTO scheme_fts(scheme_id,language,field,body) VALUES($s,$l,$f,$b)", ("$s", s.Id), ("$l", lang), ("$f", field), ("$b", text));
        }
        void List(string field, LocalizedList list)
        {
            foreach (var (lang, items) in list.Values)
                for (int i = 0; i < items.Count; i++) Text(lang, field, i, items[i]);
        }
        foreach (var (lang, t) in s.Summary.Values) Text(lang, "summary", 0, t);
        foreach (var (lang, t) in s.CategoryLabel.Values) Text(lang, "category", 0, t);
        List("criteria", s.Criteria);
        List("exclusions", s.Exclusions);
        List("documents", s.Documents);
        List("steps", s.ApplicationSteps);
        for (int b = 0; b < s.Benefits.Count; b++)
            foreach (var (lang, t) in s.Benefits[b].Text.Values) Text(lang, "benefit", b, t);
    }

    private void WriteRules(SqliteTransaction tx, Scheme s)
    {
        if (s.Rules is not { } r) return;
        static string? Join(IReadOnlyList<string> l) => l.Count == 0 ? null : string.Join(',', l);
        Insert(tx, """
            INSERT INTO eligibility(scheme_id,age_min,age_max,gender,caste_category,annual_income_max_inr,monthly_income_max_inr,
              poor_or_bpl_required,land_ownership,land_max_hectare,occupation,residence,marital_status,disability_required,
              disability_min_percent,student,bank_account_required,income_tax_payer_excluded,states,notes)
            VALUES($s,$a1,$a2,$g,$c,$ai,$mi,$bpl,$lo,$lm,$o,$r,$ms,$d,$dp,$st,$b,$it,$sts,$n)
            """,
            ("$s", s.Id), ("$a1", r.AgeMin), ("$a2", r.AgeMax), ("$g", Join(r.Gender)), ("$c", Join(r.CasteCategory)),
            ("$ai", r.AnnualIncomeMaxInr), ("$mi", r.MonthlyIncomeMaxInr), ("$bpl", r.PoorOrBplRequired), ("$lo", r.LandOwnership),
            ("$lm", r.LandMaxHectare), ("$o", Join(r.Occupation)), ("$r", Join(r.Residence)), ("$ms", Join(r.MaritalStatus)),
            ("$d", r.DisabilityRequired), ("$dp", r.DisabilityMinPercent), ("$st", r.Student), ("$b", r.BankAccountRequired),
            ("$it", r.IncomeTaxPayerExcluded), ("$sts", Join(r.States)), ("$n", r.Notes));
    }

    /// <summary>Reads the snapshot back (schemes in their original order).</summary>
    public Snapshot ReadSnapshot()
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT key, value FROM snapshot_info";
            using var r = cmd.ExecuteReader();
            while (r.Read()) info[r.GetString(0)] = r.GetString(1);
        }
        if (!info.TryGetValue("snapshot_id", out var id) || id.Length == 0)
            throw new InvalidDataException($"{Path}: holds no snapshot");
        var schemes = new List<Scheme>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT record_json FROM schemes ORDER BY position";
            using var r = cmd.ExecuteReader();
            while (r.Read()) schemes.Add(SnapshotParser.ParseScheme(r.GetString(0)));
        }
        if (info.TryGetValue("scheme_count", out var count) && count != schemes.Count.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{Path}: says {count} schemes but holds {schemes.Count}");
        var languages = info.GetValueOrDefault("languages", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        // Write stores a missing compiled_on as ""; it reads back as missing.
        var compiledOn = info.GetValueOrDefault("compiled_on") is { Length: > 0 } c ? c : null;
        return new Snapshot(id, info.GetValueOrDefault("schema_version", "1.0"), compiledOn, languages, schemes);
    }

    /// <summary>SQLite's own consistency check plus the presence of a snapshot.</summary>
    public bool IsHealthy(out string detail)
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "PRAGMA quick_check";
            var result = cmd.ExecuteScalar() as string;
            if (result != "ok") { detail = "integrity check: " + result; return false; }
            cmd.CommandText = "SELECT COUNT(*) FROM schemes";
            long n = (long)cmd.ExecuteScalar()!;
            detail = $"{n} schemes";
            return n > 0;
        }
        catch (SqliteException e)
        {
            detail = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Full-text search over names, aliases and texts in every language. Words are matched as typed and through a
    /// trigram index of the names (spelling variants). Scores are larger for better matches.
    /// </summary>
    public IReadOnlyList<SearchHit> Search(string? query, int limit = 5)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var text = FtsQueryBuilder.AnyWord(query, 2, StopWords.All);
        if (text is not null)
        {
            // bm25 is negative (more negative = better); fields that name the scheme weigh more than long lists.
            // FTS5 refuses bm25() inside an aggregate, so the rows are scored in a MATERIALIZED CTE (never flattened) first.
            Accumulate(scores, """
                WITH hits AS MATERIALIZED (
                    SELECT scheme_id, -bm25(scheme_fts) * CASE field WHEN 'summary' THEN 1.5 WHEN 'category' THEN 1.2 WHEN 'benefit' THEN 1.0 ELSE 0.6 END AS score
                    FROM scheme_fts WHERE scheme_fts MATCH $q)
                SELECT scheme_id, SUM(score) FROM hits GROUP BY scheme_id
                """, text, 1.0);
        }
        // Stop words are dropped as typed and as folded ("scheme" folds to "sceme", "में" to "men"), or they would
        // match every "… Scheme" name and "women" in the trigram index.
        var folded = query is null ? null : string.Join(' ', TextFold.RawWords(query)
            .Where(w => !StopWords.All.Contains(w.ToLowerInvariant()))
            .Select(TextFold.FoldWord)
            .Where(w => w.Length >= 3 && !FoldedStopWords.Contains(w)));
        var tri = FtsQueryBuilder.AnyWord(folded, 3);
        if (tri is not null)
            Accumulate(scores, """
                WITH hits AS MATERIALIZED (SELECT scheme_id, -bm25(name_fts) AS score FROM name_fts WHERE name_fts MATCH $q)
                SELECT scheme_id, MAX(score) FROM hits GROUP BY scheme_id
                """, tri, 2.0);
        return scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(Math.Max(0, limit))
            .Select(kv => new SearchHit(kv.Key, kv.Value)).ToList();
    }

    private void Accumulate(Dictionary<string, double> scores, string sql, string match, double weight)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$q", match);
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetString(0);
                scores[id] = scores.GetValueOrDefault(id) + weight * r.GetDouble(1);
            }
        }
        catch (SqliteException)
        {
            // The builder quotes every term, so this is not expected; a search that cannot run finds nothing rather than failing a call.
        }
    }

    private void Insert(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    internal static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}

public readonly record struct SearchHit(string SchemeId, double Score);
