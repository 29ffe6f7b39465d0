using System.Diagnostics;
using Saarthi.Appliance.Call;
using Saarthi.Knowledge;
using Saarthi.Speech.Stt;
using Saarthi.Sync.Apply;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// The knowledge base that answers calls and the engines built on it. After a snapshot update — called by sync while
/// the update gate keeps calls out — it reopens the database and builds a new dialogue engine (tens of milliseconds),
/// so the next call answers from the new snapshot, without a restart. The recogniser's grammar takes about a second to
/// build, so that happens after the gate is released; the grammar is then loaded under the gate again, between calls.
/// If reopening fails, the set that was serving keeps serving (its database file stays open) and the exception tells
/// the caller what failed.
/// </summary>
public sealed class ServingSnapshot : IDisposable
{
    private readonly Func<SqliteKnowledgeBase> _open;
    private readonly CallOptions _options;
    private readonly IUpdateGate _gate;
    private readonly Action<string> _log;
    private readonly Lock _lock = new();
    private SqliteKnowledgeBase _knowledge;
    private CallServices _services;
    private int _generation;
    private Task _grammar = Task.CompletedTask;

    /// <param name="knowledge">The knowledge base <paramref name="services"/> were built on (owned from now on).</param>
    /// <param name="open">Opens the serving database again (after a swap it is the new one).</param>
    /// <param name="gate">The gate calls hold; the grammar is loaded under it.</param>
    public ServingSnapshot(SqliteKnowledgeBase knowledge, CallServices services, Func<SqliteKnowledgeBase> open, CallOptions options, IUpdateGate gate, Action<string> log)
    {
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
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

    /// <summary>Completes when the recogniser's grammar is the one of the last reopened snapshot (or could not be made).</summary>
    public Task GrammarRefreshed
    {
        get
        {
            lock (_lock) return _grammar;
        }
    }

    /// <summary>Reopens the serving database and rebuilds what depends on it. Call it only while no call is up.</summary>
    public void Reopen()
    {
        var clock = Stopwatch.StartNew();
        var knowledge = _open();
        SqliteKnowledgeBase previous;
        int generation;
        try
        {
            var old = Services;
            var services = new CallServices
            {
                Dialogue = CallServicesFactory.CreateDialogue(knowledge, _options),
                SpeechToText = old.SpeechToText,
                TextToSpeech = old.TextToSpeech,
                VoiceActivity = old.VoiceActivity,
                Endpointing = old.Endpointing,
                Prompts = old.Prompts,
                CallerIds = old.CallerIds,
                CallerContexts = old.CallerContexts,
                Callbacks = old.Callbacks,
            };
            lock (_lock)
            {
                previous = _knowledge;
                (_knowledge, _services) = (knowledge, services);
                generation = ++_generation;
                _grammar = Task.Run(() => RefreshGrammarAsync(services.SpeechToText, knowledge.Snapshot.SnapshotId, knowledge, generation));
            }
        }
        catch
        {
            knowledge.Dispose();
            throw;
        }
        previous.Dispose();
        _log($"knowledge: now serving {knowledge.Snapshot.SnapshotId} ({knowledge.Snapshot.Schemes.Count} schemes); reopened in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    public void Dispose()
    {
        // A grammar still loading would use the recogniser the owner is about to dispose.
        try { GrammarRefreshed.Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { }
        lock (_lock) _knowledge.Dispose();
    }

    /// <summary>Builds the new grammar outside the gate, then loads it between calls, unless a newer snapshot came meanwhile.</summary>
    private async Task RefreshGrammarAsync(ISpeechToText stt, string snapshotId, IKnowledgeBase knowledge, int generation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var grammar = CallServicesFactory.GrammarFor(stt, knowledge);
            if (grammar is null || stt is not PocketsphinxSpeechToText pocketsphinx)
            {
                _log($"speech recognition: {stt.Engine} needs no grammar for {snapshotId}");
                return;
            }
            var built = clock.Elapsed;
            using (await _gate.EnterUpdateAsync().ConfigureAwait(false))
            {
                if (generation != Volatile.Read(ref _generation)) return; // a newer snapshot's grammar is on its way
                var loading = Stopwatch.StartNew();
                pocketsphinx.LoadGrammar(grammar);
                _log($"speech recognition: grammar of {snapshotId} built in {built.TotalMilliseconds:F0} ms, loaded between calls in {loading.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        catch (Exception e)
        {
            _log($"speech recognition: could not load the grammar of {snapshotId}; the previous grammar stays ({e.GetType().Name}: {e.Message})");
        }
    }
}
