using System.Diagnostics;
using Saarthi.Appliance.Call;
using Saarthi.Knowledge;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// The knowledge base that answers calls and the engines built on it. After a snapshot update — called by sync while
/// the update gate keeps calls out — it reopens the database, builds a new dialogue engine and reloads the recogniser's
/// grammar from the new schemes; the next call gets the new set, without a restart. If any of that fails, the set that
/// was serving keeps serving (its database file stays open) and the exception tells the caller what failed.
/// </summary>
public sealed class ServingSnapshot : IDisposable
{
    private readonly Func<SqliteKnowledgeBase> _open;
    private readonly CallOptions _options;
    private readonly Action<string> _log;
    private readonly Lock _lock = new();
    private SqliteKnowledgeBase _knowledge;
    private CallServices _services;

    /// <param name="knowledge">The knowledge base <paramref name="services"/> were built on (owned from now on).</param>
    /// <param name="open">Opens the serving database again (after a swap it is the new one).</param>
    public ServingSnapshot(SqliteKnowledgeBase knowledge, CallServices services, Func<SqliteKnowledgeBase> open, CallOptions options, Action<string> log)
    {
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The engines for the next call.</summary>
    public CallServices Services
    {
        get
        {
            lock (_lock) return _services;
        }
    }

    /// <summary>The snapshot the next call answers from.</summary>
    public string SnapshotId
    {
        get
        {
            lock (_lock) return _knowledge.Snapshot.SnapshotId;
        }
    }

    /// <summary>Reopens the serving database and rebuilds what depends on it. Call it only while no call is up.</summary>
    public void Reopen()
    {
        var clock = Stopwatch.StartNew();
        var knowledge = _open();
        try
        {
            var old = Services;
            var dialogue = CallServicesFactory.CreateDialogue(knowledge, _options);
            CallServicesFactory.ReloadGrammar(old.SpeechToText, knowledge, _log);
            var services = new CallServices
            {
                Dialogue = dialogue,
                SpeechToText = old.SpeechToText,
                TextToSpeech = old.TextToSpeech,
                NewUtteranceDetector = old.NewUtteranceDetector,
                Prompts = old.Prompts,
                CallerIds = old.CallerIds,
                CallerContexts = old.CallerContexts,
                Callbacks = old.Callbacks,
            };
            SqliteKnowledgeBase previous;
            lock (_lock)
            {
                previous = _knowledge;
                (_knowledge, _services) = (knowledge, services);
            }
            previous.Dispose();
        }
        catch
        {
            knowledge.Dispose();
            throw;
        }
        _log($"knowledge: now serving {knowledge.Snapshot.SnapshotId} ({knowledge.Snapshot.Schemes.Count} schemes); reopened in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    public void Dispose()
    {
        lock (_lock) _knowledge.Dispose();
    }
}
