using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Knowledge;

/// <summary>The serving snapshot: schemes held in memory (a few hundred KB), search through the SQLite FTS indexes.</summary>
public sealed class SqliteKnowledgeBase : IKnowledgeBase, IDisposable
{
    private readonly KnowledgeDatabase _db;
    private readonly Dictionary<string, Scheme> _byId;

    private SqliteKnowledgeBase(KnowledgeDatabase db, Snapshot snapshot)
    {
        _db = db;
        Snapshot = snapshot;
        _byId = snapshot.Schemes.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public Snapshot Snapshot { get; }

    /// <summary>Opens the store's serving database, building it from the seed first when needed.</summary>
    public static SqliteKnowledgeBase Open(SnapshotStore store, Func<string> seedJson, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.EnsureCurrent(seedJson, log);
        return OpenFile(store.CurrentPath);
    }

    public static SqliteKnowledgeBase OpenFile(string path)
    {
        var db = KnowledgeDatabase.Open(path, readOnly: true);
        try
        {
            return new SqliteKnowledgeBase(db, db.ReadSnapshot());
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public Scheme? Find(string schemeId) => _byId.GetValueOrDefault(schemeId);

    public IReadOnlyList<SearchHit> Search(string text, int limit = 5) => _db.Search(text, limit);

    public void Dispose() => _db.Dispose();
}
