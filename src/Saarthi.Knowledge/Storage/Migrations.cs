using Microsoft.Data.Sqlite;

namespace Saarthi.Knowledge.Storage;

/// <summary>Schema versions of the knowledge database; each step runs once, in order, in its own transaction.</summary>
internal static class Migrations
{
    private static readonly string[] Steps =
    [
        // v1: the seed format, relational, plus FTS5 over every language and a trigram index of names.
        """
        CREATE TABLE snapshot_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE schemes(
            id TEXT PRIMARY KEY, category TEXT NOT NULL, level TEXT, state TEXT, ministry TEXT, official_url TEXT,
            facts_as_of TEXT NOT NULL, position INTEGER NOT NULL, record_json TEXT NOT NULL);
        CREATE TABLE scheme_names(scheme_id TEXT NOT NULL REFERENCES schemes(id), language TEXT, kind TEXT NOT NULL CHECK(kind IN ('name','alias')), name TEXT NOT NULL);
        CREATE TABLE scheme_texts(scheme_id TEXT NOT NULL REFERENCES schemes(id), language TEXT NOT NULL, field TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE TABLE eligibility(
            scheme_id TEXT PRIMARY KEY REFERENCES schemes(id), age_min INTEGER, age_max INTEGER, gender TEXT, caste_category TEXT,
            annual_income_max_inr INTEGER, monthly_income_max_inr INTEGER, poor_or_bpl_required INTEGER, land_ownership TEXT,
            land_max_hectare REAL, occupation TEXT, residence TEXT, marital_status TEXT, disability_required INTEGER,
            disability_min_percent INTEGER, student INTEGER, bank_account_required INTEGER, income_tax_payer_excluded INTEGER,
            states TEXT, notes TEXT);
        CREATE TABLE benefits(scheme_id TEXT NOT NULL REFERENCES schemes(id), position INTEGER NOT NULL, type TEXT, amount_inr INTEGER,
            amount_max_inr INTEGER, frequency TEXT, confidence TEXT NOT NULL CHECK(confidence IN ('high','medium','low')));
        CREATE TABLE helplines(scheme_id TEXT NOT NULL REFERENCES schemes(id), number TEXT NOT NULL, label TEXT, as_of TEXT, confidence TEXT);
        CREATE TABLE sources(scheme_id TEXT NOT NULL REFERENCES schemes(id), type TEXT, publisher TEXT, url TEXT, date TEXT, supports TEXT);
        CREATE INDEX ix_names_scheme ON scheme_names(scheme_id);
        CREATE INDEX ix_texts_scheme ON scheme_texts(scheme_id, field);
        CREATE VIRTUAL TABLE scheme_fts USING fts5(scheme_id UNINDEXED, language UNINDEXED, field UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE name_fts USING fts5(scheme_id UNINDEXED, body, tokenize = 'trigram');
        """,
    ];

    public static int Latest => Steps.Length;

    public static int Version(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Apply(SqliteConnection c)
    {
        int v = Version(c);
        if (v > Latest) throw new InvalidDataException($"knowledge database schema v{v} is newer than this app (v{Latest}); update the app");
        for (int i = v; i < Latest; i++)
        {
            using var tx = c.BeginTransaction();
            KnowledgeDatabase.Exec(c, Steps[i], tx);
            KnowledgeDatabase.Exec(c, $"PRAGMA user_version = {i + 1};", tx);
            tx.Commit();
        }
    }
}
