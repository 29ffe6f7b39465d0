using System.Text.Json;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Knowledge.Tests;

public class KnowledgeDatabaseTests
{
    private static List<string> Raw(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("schemes").EnumerateArray().Select(e => e.GetRawText()).ToList();
    }

    private static void WriteSnapshot(KnowledgeDatabase db, string json)
        => db.Write(SnapshotParser.Parse(json), Raw(json), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Open_NewFile_MigratesToUserVersion1WithAllTables()
    {
        using var dir = new TempDir();
        var path = dir.File("k.db");

        using (KnowledgeDatabase.Open(path)) { }

        using var c = Sql.Open(path, readOnly: true);
        Assert.Equal(1L, Sql.Scalar(c, "PRAGMA user_version"));
        var tables = Sql.Strings(c, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
        foreach (var t in new[] { "snapshot_info", "schemes", "scheme_names", "scheme_texts", "eligibility", "benefits", "helplines", "sources", "scheme_fts", "name_fts" })
            Assert.Contains(t, tables);
    }

    [Fact]
    public void Open_AlreadyMigrated_DoesNotRerunSteps()
    {
        using var dir = new TempDir();
        var path = dir.File("k.db");
        using (var db = KnowledgeDatabase.Open(path)) WriteSnapshot(db, Seed.Json);

        using (var again = KnowledgeDatabase.Open(path))
            Assert.Equal(Seed.SchemeCount, again.ReadSnapshot().Schemes.Count);

        using var c = Sql.Open(path, readOnly: true);
        Assert.Equal(1L, Sql.Scalar(c, "PRAGMA user_version"));
    }

    [Fact]
    public void Open_SchemaNewerThanApp_ThrowsInvalidData()
    {
        using var dir = new TempDir();
        var path = dir.File("k.db");
        using (var c = Sql.Open(path)) Sql.Scalar(c, "PRAGMA user_version = 7");

        var e = Assert.Throws<InvalidDataException>(() => KnowledgeDatabase.Open(path));

        Assert.Contains("v7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ReadOnlyUnmigratedFile_ThrowsInvalidData()
    {
        using var dir = new TempDir();
        var path = dir.File("k.db");
        using (var c = Sql.Open(path)) Sql.Scalar(c, "CREATE TABLE t(x)");

        Assert.Throws<InvalidDataException>(() => KnowledgeDatabase.Open(path, readOnly: true));
    }

    [Fact]
    public void Open_ReadOnlyMissingFile_ThrowsAndCreatesNothing()
    {
        using var dir = new TempDir();
        var path = dir.File("missing.db");

        Assert.Throws<SqliteException>(() => KnowledgeDatabase.Open(path, readOnly: true));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ReadSnapshot_AfterWrite_RoundTripsEveryScheme()
    {
        using var dir = new TempDir();
        var expected = SnapshotParser.Parse(Seed.Json);
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));

        WriteSnapshot(db, Seed.Json);
        var actual = db.ReadSnapshot();

        Assert.Equal(expected.SnapshotId, actual.SnapshotId);
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.CompiledOn, actual.CompiledOn);
        Assert.Equal(expected.Languages, actual.Languages);
        Assert.Equal(expected.Schemes.Select(s => s.Id), actual.Schemes.Select(s => s.Id));
        for (int i = 0; i < expected.Schemes.Count; i++)
            Assert.Equal(JsonSerializer.Serialize(expected.Schemes[i]), JsonSerializer.Serialize(actual.Schemes[i]));
    }

    [Fact]
    public void ReadSnapshot_SnapshotWithoutCompiledOn_KeepsItNull()
    {
        using var dir = new TempDir();
        var json = Seed.With(r => r.Remove("compiled_on"));
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));

        WriteSnapshot(db, json);

        Assert.Null(SnapshotParser.Parse(json).CompiledOn);
        Assert.Null(db.ReadSnapshot().CompiledOn);
    }

    [Fact]
    public void Write_Twice_ReplacesContentWithoutDuplicates()
    {
        using var dir = new TempDir();
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));
        WriteSnapshot(db, Seed.Json);

        WriteSnapshot(db, Seed.SecondVersion());

        var s = db.ReadSnapshot();
        Assert.Equal("seed-central-schemes-v2", s.SnapshotId);
        Assert.Equal(Seed.SchemeCount - 1, s.Schemes.Count);
        using var c = Sql.Open(db.Path, readOnly: true);
        Assert.Equal(1L, Sql.Scalar(c, "SELECT COUNT(*) FROM benefits WHERE scheme_id='pm-kisan'"));
        Assert.Equal(8000L, Sql.Scalar(c, "SELECT amount_inr FROM benefits WHERE scheme_id='pm-kisan'"));
        Assert.Equal(0L, Sql.Scalar(c, "SELECT COUNT(*) FROM scheme_fts WHERE scheme_id='pm-poshan'"));
        Assert.Equal(0L, Sql.Scalar(c, "SELECT COUNT(*) FROM name_fts WHERE scheme_id='pm-poshan'"));
        Assert.Equal(1L, Sql.Scalar(c, "SELECT COUNT(*) FROM snapshot_info WHERE key='snapshot_id'"));
    }

    [Fact]
    public void Write_Seed_FillsRelationalTables()
    {
        using var dir = new TempDir();
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));

        WriteSnapshot(db, Seed.Json);

        using var c = Sql.Open(db.Path, readOnly: true);
        Assert.Equal(34L, Sql.Scalar(c, "SELECT COUNT(*) FROM schemes"));
        Assert.Equal(34L, Sql.Scalar(c, "SELECT COUNT(*) FROM eligibility"));
        Assert.Equal(18L, Sql.Scalar(c, "SELECT age_min FROM eligibility WHERE scheme_id='apy'"));
        Assert.Equal(DBNull.Value, Sql.Scalar(c, "SELECT age_min FROM eligibility WHERE scheme_id='pm-kisan'"));
        Assert.Equal(1L, Sql.Scalar(c, "SELECT income_tax_payer_excluded FROM eligibility WHERE scheme_id='pm-kisan'"));
        Assert.Equal("155261", Sql.Scalar(c, "SELECT number FROM helplines WHERE scheme_id='pm-kisan' ORDER BY rowid LIMIT 1"));
        Assert.Equal(5L, Sql.Scalar(c, "SELECT COUNT(*) FROM sources WHERE scheme_id='pm-kisan'"));
        Assert.Equal("प्रधानमंत्री किसान सम्मान निधि (पीएम-किसान)", Sql.Scalar(c, "SELECT name FROM scheme_names WHERE scheme_id='pm-kisan' AND language='hi'"));
        Assert.Equal(0L, Sql.Scalar(c, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public void ReadSnapshot_EmptyDatabase_ThrowsInvalidData()
    {
        using var dir = new TempDir();
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));

        Assert.Throws<InvalidDataException>(() => db.ReadSnapshot());
    }

    [Fact]
    public void IsHealthy_EmptyThenWritten_FalseThenTrue()
    {
        using var dir = new TempDir();
        using var db = KnowledgeDatabase.Open(dir.File("k.db"));

        Assert.False(db.IsHealthy(out var emptyDetail));
        WriteSnapshot(db, Seed.Json);
        Assert.True(db.IsHealthy(out var detail));

        Assert.Equal("0 schemes", emptyDetail);
        Assert.Equal("34 schemes", detail);
    }
}

public class KnowledgeDatabaseSearchTests(SeedDatabaseFixture seed) : IClassFixture<SeedDatabaseFixture>
{
    [Theory]
    [InlineData("kisan samman nidhi", "pm-kisan")]
    [InlineData("किसान सम्मान निधि में कितना पैसा मिलता है", "pm-kisan")]
    [InlineData("old age pension scheme", "ignoaps")]
    [InlineData("किसान सम्मान", "pm-kisan")]
    [InlineData("किसान सम्मान निधि की किस्त", "pm-kisan")]
    [InlineData("ayushmaan card", "pmjay")]
    [InlineData("ayushman bharat", "pmjay")]
    [InlineData("आयुष्मान कार्ड", "pmjay")]
    [InlineData("ujwala gas", "pmuy")]
    [InlineData("ujjwala yojana", "pmuy")]
    [InlineData("उज्ज्वला गैस", "pmuy")]
    [InlineData("mid day meal", "pm-poshan")]
    [InlineData("sukanya samriddhi", "ssy")]
    [InlineData("atal pension", "apy")]
    [InlineData("mgnrega job card", "mgnrega")]
    public void Search_KnownScheme_RanksItFirst(string query, string expected)
    {
        var hits = seed.Database.Search(query);

        Assert.NotEmpty(hits);
        Assert.True(hits[0].SchemeId == expected, $"'{query}': expected {expected} first, got {string.Join(", ", hits.Select(h => $"{h.SchemeId}={h.Score:F2}"))}");
    }

    [Fact]
    public void Search_Results_AreDistinctAndBestFirst()
    {
        var hits = seed.Database.Search("kisan card pension loan", limit: 10);

        Assert.True(hits.Count > 1);
        Assert.Equal(hits.Count, hits.Select(h => h.SchemeId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(hits, h => Assert.True(h.Score > 0, $"{h.SchemeId} {h.Score}"));
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.SchemeId), hits.Select(h => h.SchemeId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(-5)]
    public void Search_Limit_IsRespected(int limit)
    {
        var hits = seed.Database.Search("kisan pension card yojana loan gas", limit);

        Assert.Equal(Math.Max(0, limit), hits.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("what is the scheme")]
    [InlineData("क्या है")]
    [InlineData("tell me which scheme there is")]
    [InlineData("मुझे क्या मिलता है")]
    [InlineData("हम में से कौन")]
    public void Search_NothingSearchable_ReturnsEmpty(string? query)
    {
        Assert.Empty(seed.Database.Search(query));
    }

    [Fact]
    public void Search_Gibberish_FindsNothing()
    {
        Assert.Empty(seed.Database.Search("qqqxzv wwwkkj"));
    }

    [Theory]
    [InlineData("किसान", "pm-kisan")]
    [InlineData("पेंशन", "apy")]
    [InlineData("गैस", "pmuy")]
    public void SchemeFts_DevanagariMatch_FindsHindiText(string word, string expected)
    {
        var ids = Sql.Strings(seed.Raw, "SELECT DISTINCT scheme_id FROM scheme_fts WHERE scheme_fts MATCH $q AND language='hi'", ("$q", "\"" + word + "\""));

        Assert.Contains(expected, ids);
    }

    [Fact]
    public void SchemeFts_DevanagariWord_DoesNotMatchOnSharedLettersAlone()
    {
        // "किसान" and "कसन" share consonants; a tokenizer that split on vowel signs would match both.
        var ids = Sql.Strings(seed.Raw, "SELECT DISTINCT scheme_id FROM scheme_fts WHERE scheme_fts MATCH $q", ("$q", "\"कसन\""));

        Assert.Empty(ids);
    }

    [Fact]
    public void NameFts_DevanagariTrigram_FindsScheme()
    {
        var ids = Sql.Strings(seed.Raw, "SELECT DISTINCT scheme_id FROM name_fts WHERE name_fts MATCH $q", ("$q", "\"उज्ज्वला\""));

        Assert.Equal(["pmuy"], ids);
    }
}
