using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Knowledge.Tests;

/// <summary>The seed snapshot as copied into the test output, plus ways to break it.</summary>
internal static class Seed
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemes.seed.json")));

    public static string Json => Text.Value;

    public const int SchemeCount = 34;
    public const string SnapshotId = "seed-central-schemes-v1";

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>The seed with one edit applied.</summary>
    public static string With(Action<JsonObject> edit)
    {
        var root = Node();
        edit(root);
        return root.ToJsonString();
    }

    public static JsonObject Scheme(JsonObject root, string id)
        => root["schemes"]!.AsArray().Select(n => n!.AsObject()).Single(s => (string?)s["id"] == id);

    public static JsonObject Structured(JsonObject root, string id) => Scheme(root, id)["eligibility"]!["structured"]!.AsObject();

    /// <summary>A second valid snapshot: another id, pm-kisan at ₹8,000 and without the last scheme (33).</summary>
    public static string SecondVersion(string snapshotId = "seed-central-schemes-v2") => With(root =>
    {
        root["snapshot_id"] = snapshotId;
        Scheme(root, "pm-kisan")["benefits"]!["items"]![0]!["amount_inr"] = 8000;
        var schemes = root["schemes"]!.AsArray();
        schemes.RemoveAt(schemes.Count - 1);
        root["scheme_count"] = schemes.Count;
    });
}

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saarthi-knowledge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public IReadOnlyList<string> FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One database built from the seed, shared by the tests of a class (read-only use).</summary>
public sealed class SeedDatabaseFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public SeedDatabaseFixture()
    {
        try
        {
            var store = new SnapshotStore(_dir.Path);
            store.Import(Seed.Json, "seed");
            DatabasePath = store.CurrentPath;
            Database = KnowledgeDatabase.Open(DatabasePath, readOnly: true);
            Raw = Sql.Open(DatabasePath, readOnly: true);
        }
        catch
        {
            Database?.Dispose();
            _dir.Dispose();
            throw;
        }
    }

    public string DatabasePath { get; }

    public KnowledgeDatabase Database { get; }

    /// <summary>A plain SQLite connection to the same file, for running MATCH expressions directly.</summary>
    public SqliteConnection Raw { get; }

    public void Dispose()
    {
        Database.Dispose();
        Raw.Dispose();
        _dir.Dispose();
    }
}

internal static class Sql
{
    public static SqliteConnection Open(string path, bool readOnly = false)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        c.Open();
        return c;
    }

    public static object? Scalar(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return cmd.ExecuteScalar();
    }

    public static List<string> Strings(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }
}
