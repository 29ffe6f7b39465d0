using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;
using Saarthi.Telephony;

namespace Saarthi.Appliance.Call;

/// <summary>
/// One call, from the ring to the hang-up. Everything that happens — line events, the caller's voice and keys,
/// finished prompts, recognition results, timers — arrives as an event on one channel and is handled by one loop,
/// which moves the <see cref="CallStateMachine"/> and starts the next piece of work. Work runs in the background and
/// reports back; playback has its own cancellation so the caller can interrupt (barge-in), and the whole call has
/// one that a hang-up cancels.
/// </summary>
public sealed class CallSession
{
    private const int LineRate = 8000;
    private readonly ICallLine _line;
    private readonly CallServices _services;
    private readonly CallOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly CallStateMachine _machine = new();
    private readonly Channel<SessionEvent> _events = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConversationState _conversation = new();
    private readonly List<string> _answersForSms = [];
    private readonly long _start;
    private CancellationToken _callToken;
    private CancellationTokenSource? _speechCts;
    private int _speechGeneration;
    private int _recognitionGeneration;
    private int _timerGeneration;
    private ITimer? _timer;
    private ITimer? _maxLengthTimer;
    private DateTimeOffset _silentSince;
    private bool _nudged;
    private bool _checked;
    private int _repeats;
    private bool _categoryMenuOffered;
    private string _language;
    private string? _callerId;
    private string? _callerHash;
    private PendingTurn? _pending;
    private EarlyRecognition? _early;
    private (int Generation, string Heard, double Confidence, TurnTiming Timing)? _responding;
    private int _respondGeneration;
    private Fact? _askedFact;

    public CallSession(ICallLine line, CallServices services, CallOptions options, TimeProvider? time = null, Action<string>? log = null)
    {
        _line = line ?? throw new ArgumentNullException(nameof(line));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
        _language = options.DefaultLanguage;
        _start = _time.GetTimestamp();
        Record = new CallRecord { Line = line.Name };
    }

    public CallRecord Record { get; }

    public CallState State => _machine.State;

    /// <summary>Hands a line event (hang-up, key, reset) to the running call.</summary>
    public void Post(CallLineEvent lineEvent) => _events.Writer.TryWrite(new SessionEvent.Line(lineEvent));

    /// <summary>
    /// Runs the call that <paramref name="start"/> began (a ring on the SIM; on the handset, lifting it: no ring,
    /// nothing to answer); returns when it has ended, whatever the reason.
    /// </summary>
    public async Task<CallRecord> RunAsync(CallLineEvent.IncomingCall start, bool ringing = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var callCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = _callToken = callCts.Token;
        Task? listening = null;
        try
        {
            _callerId = start.CallerId;
            if (ringing)
            {
                Fire(CallTrigger.IncomingCall);
                await _line.AnswerAsync(ct).ConfigureAwait(false);
                Fire(CallTrigger.Answered);
            }
            else Fire(CallTrigger.HandsetLifted);

            bool returning = RestoreCallerContext();
            _silentSince = _time.GetUtcNow();
            listening = Task.Run(() => ListenAsync(ct), ct);
            _maxLengthTimer = _time.CreateTimer(_ => Post(new SessionEvent.Timer("max_length", -1)), null, _options.MaxCallLength, Timeout.InfiniteTimeSpan);

            // The greeting names the language menu, each option in its own language; a returning caller skips it.
            if (returning)
            {
                Speak([Prompt("call.welcome"), Prompt("call.welcome_back"), Prompt("call.how_to_ask")], beep: true, afterward: () =>
                {
                    // The language is known from the last call: straight to listening.
                    if (Fire(CallTrigger.LanguageChosen)) ArmSilence();
                });
            }
            else
            {
                var menu = new List<Utterance> { Prompt("call.welcome", _options.DefaultLanguage) };
                menu.AddRange(_options.LanguageKeys.Select(k => Prompt("call.menu_option", k.Value, ("key", k.Key.ToString()))));
                Speak(menu);
            }

            await foreach (var e in _events.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await HandleAsync(e, ct).ConfigureAwait(false);
                if (_machine.State == CallState.Ended) break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Record.Result = "shutdown";
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            // The line failed under the call (modem gone, serial error): end cleanly, the host re-initialises the line.
            _log($"call: line failure: {e.GetType().Name}: {e.Message}");
            Record.Result = "line_failure: " + e.Message;
        }
        finally
        {
            await callCts.CancelAsync().ConfigureAwait(false);
            StopSpeaking();
            _timer?.Dispose();
            _maxLengthTimer?.Dispose();
            DropEarly();
            if (listening is not null)
            {
                try { await listening.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            SaveCallerContext();
            if (Record.Result == "in_progress") Record.Result = "ended";
            Record.Duration = _time.GetElapsedTime(_start);
            Record.Language = _language;
        }
        return Record;
    }

    private async Task HandleAsync(SessionEvent e, CancellationToken ct)
    {
        switch (e)
        {
            case SessionEvent.Line { Event: CallLineEvent.RemoteHangup h }:
                Note($"caller hung up ({h.Reason})");
                if (Record.Result == "in_progress") Record.Result = _machine.State == CallState.Terminating ? "completed" : "caller_hung_up";
                Fire(CallTrigger.RemoteHangup);
                break;
            case SessionEvent.Line { Event: CallLineEvent.Reset r }:
                Note($"line reset: {r.Detail}");
                Record.Result = "line_reset";
                Fire(CallTrigger.Fault);
                Fire(CallTrigger.Fault); // a reset drops the call: Recovering → Terminating
                Fire(CallTrigger.Fault);
                break;
            case SessionEvent.Line { Event: CallLineEvent.Dtmf k }:
                await OnKeyAsync(k.Digit, ct).ConfigureAwait(false);
                break;
            case SessionEvent.Key k:
                await OnKeyAsync(k.Value, ct).ConfigureAwait(false);
                break;
            case SessionEvent.Voice { Sound: CallerSound.Key k }:
                await OnKeyAsync(k.Digit, ct).ConfigureAwait(false);
                break;
            case SessionEvent.Voice { Sound: CallerSound.SpeechStarted }:
                OnCallerActivity();
                if (_machine.State is CallState.Responding or CallState.Clarifying)
                {
                    Note("barge-in: the caller spoke, playback stopped");
                    StopSpeaking();
                    Fire(CallTrigger.CallerSpoke);
                }
                break;
            case SessionEvent.Voice { Sound: CallerSound.SpeechPaused p }:
                OnSpeechPaused(p);
                break;
            case SessionEvent.Voice { Sound: CallerSound.Utterance u }:
                OnCallerActivity();
                OnUtterance(u);
                break;
            case SessionEvent.Recognized r when _pending is not null && r.Generation == _pending.Generation:
                OnRecognized(r, ct);
                break;
            case SessionEvent.Responded r when _responding is { } waiting && r.Generation == waiting.Generation:
                _responding = null;
                if (_machine.State == CallState.Processing)
                {
                    var timing = waiting.Timing with { Understanding = r.Elapsed };
                    var why = r.Fallback ?? "the model failed";
                    var turn = r.Turn ?? new LlmTurn(_services.Dialogue.Respond(waiting.Heard, _conversation, _language),
                        new LlmReport(_services.Dialogue.Llm?.Model.Info.Name ?? "none", LlmUnderstandingReport.RulesOnly(why), LlmPhrasingReport.Templates(why)));
                    Answer(turn.Turn, waiting.Heard, waiting.Confidence, timing, turn.Report);
                }
                break;
            case SessionEvent.SpeechDone d when d.Generation == _speechGeneration:
                OnSpeechDone();
                break;
            case SessionEvent.Timer t:
                OnTimer(t);
                break;
            case SessionEvent.Failure f:
                Note($"fault: {f.What}: {f.Error.Message}");
                if (_machine.State == CallState.Recovering) { Record.Result = "fault: " + f.Error.Message; Fire(CallTrigger.Fault); Speak([Prompt("call.technical_problem")]); }
                else if (Fire(CallTrigger.Fault)) { Fire(CallTrigger.Recovered); Speak([Prompt("call.please_repeat")], beep: true, then: CallState.Listening); }
                break;
        }
        if (_machine.State == CallState.Ended)
        {
            StopSpeaking();
            try { await _line.HangUpAsync(CancellationToken.None).ConfigureAwait(false); }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                _log($"call: hang-up failed: {ex.Message}");
            }
        }
    }

    // ---- caller input -------------------------------------------------------------------------------------------

    private async Task OnKeyAsync(char key, CancellationToken ct)
    {
        OnCallerActivity();
        Note($"key {key}");
        switch (_machine.State)
        {
            case CallState.Greeting or CallState.LanguageMenu when _options.LanguageKeys.TryGetValue(key, out var lang):
                StopSpeaking();
                ChooseLanguage(lang, "key " + key);
                break;
            case CallState.OfferingSms:
                StopSpeaking();
                if (key == '1') await SendSmsAsync(ct).ConfigureAwait(false);
                Fire(CallTrigger.SmsChoiceMade);
                SayGoodbye();
                break;
            case CallState.Listening or CallState.Responding or CallState.Clarifying when key == '*':
                StopSpeaking();
                if (_machine.State != CallState.Listening) Fire(CallTrigger.CallerSpoke);
                Answer(_services.Dialogue.Respond("repeat", _conversation, _language), "*", 1, TurnTiming.ByKey());
                break;
            case CallState.Listening or CallState.Responding or CallState.Clarifying when _options.CategoryKeys.TryGetValue(key, out var asked):
                // The category menu (offered after repeated misunderstanding) and '0' for a person work at any time.
                if (!_categoryMenuOffered && key != '0') break;
                StopSpeaking();
                if (_machine.State != CallState.Listening) Fire(CallTrigger.CallerSpoke);
                _categoryMenuOffered = false;
                _repeats = 0;
                Fire(CallTrigger.UtteranceHeard);
                Answer(_services.Dialogue.Respond(asked, _conversation, _language), "key " + key, 1, TurnTiming.ByKey());
                break;
        }
    }

    private static bool Hears(CallState state) => state is CallState.Listening or CallState.LanguageMenu or CallState.Greeting or CallState.OfferingSms;

    /// <summary>Which grammar fits what the kiosk has just asked (a yes/no or number question, or nothing in particular).</summary>
    private ExpectedSpeech Expected(CallState state) => state switch
    {
        CallState.OfferingSms => ExpectedSpeech.Reply,
        CallState.Listening => CallRecognizer.AfterAsking(_askedFact),
        _ => ExpectedSpeech.Question,
    };

    private string? LanguageHint(CallState state) => state is CallState.Listening or CallState.OfferingSms ? _language : null;

    /// <summary>
    /// The caller paused long enough that the utterance probably ends here: recognition starts now, so that when the
    /// endpointer is sure (700 ms of quiet) the words are ready or nearly. If the caller talks on, this is dropped.
    /// </summary>
    private void OnSpeechPaused(CallerSound.SpeechPaused p)
    {
        DropEarly();
        var state = _machine.State;
        if (!Hears(state)) return;
        var expected = Expected(state);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_callToken);
        _early = new EarlyRecognition(p.SpeechStart, p.SpeechEnd, p.Audio.Timestamp, p.Audio.Samples.Length, expected, cts,
            Recognize(p.Audio, expected, LanguageHint(state), cts.Token));
    }

    private void DropEarly()
    {
        if (_early is null) return;
        _early.Cancellation.Cancel();
        _early.Cancellation.Dispose();
        _early = null;
    }

    private void OnUtterance(CallerSound.Utterance u)
    {
        var state = _machine.State;
        if (!Hears(state))
        {
            DropEarly();
            return;
        }
        if (state == CallState.Listening) Fire(CallTrigger.UtteranceHeard);
        int generation = ++_recognitionGeneration;
        var expected = Expected(state);
        var early = _early;
        bool same = early is not null && early.SpeechStart == u.SpeechStart && early.SpeechEnd == u.SpeechEnd &&
            early.AudioStart == u.Audio.Timestamp && early.AudioSamples == u.Audio.Samples.Length && early.Expected == expected;
        Task<Transcript> recognition;
        if (same)
        {
            recognition = early!.Recognition;
            _early = null; // its cancellation source stays with the call token (disposed with it)
        }
        else
        {
            DropEarly();
            recognition = Recognize(u.Audio, expected, LanguageHint(state), _callToken);
        }
        _pending = new PendingTurn(generation, state, new TurnTiming(u.SpeechEndedTimestamp, u.EndpointDelay < TimeSpan.Zero ? TimeSpan.Zero : u.EndpointDelay,
            Early: same), Stopwatch.GetTimestamp());
        _ = PostWhenRecognizedAsync(generation, recognition);
    }

    private Task<Transcript> Recognize(AudioFrame audio, ExpectedSpeech expected, string? hint, CancellationToken ct) => Task.Run(async () =>
    {
        try
        {
            return await CallRecognizer.RecognizeAsync(_services.SpeechToText, audio, expected, hint, _options.MinConfidence, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log($"call: recognition failed: {e.GetType().Name}: {e.Message}");
            return new Transcript("", 0, hint ?? "", "error: " + e.Message, audio.Duration, TimeSpan.Zero);
        }
    }, CancellationToken.None);

    private async Task PostWhenRecognizedAsync(int generation, Task<Transcript> recognition)
    {
        try
        {
            Post(new SessionEvent.Recognized(generation, await recognition.ConfigureAwait(false)));
        }
        catch (OperationCanceledException) { }
    }

    private void OnRecognized(SessionEvent.Recognized r, CancellationToken ct)
    {
        var pending = _pending!;
        _pending = null;
        var t = r.Transcript;
        var timing = pending.Timing with { Recognition = Stopwatch.GetElapsedTime(pending.EndpointAt), Engine = t.Elapsed };
        Note($"heard \"{t.Text}\" ({t.Engine}, confidence {t.Confidence:F2}{(timing.Early ? ", recognised during the pause" : "")})");
        switch (pending.State)
        {
            case CallState.Greeting or CallState.LanguageMenu:
                ChooseLanguage(LanguageFromSpeech(t) ?? _options.DefaultLanguage, $"said \"{t.Text}\"");
                return;
            case CallState.OfferingSms:
                bool yes = YesWords.Any(y => t.Text.Contains(y, StringComparison.OrdinalIgnoreCase));
                if (yes) _ = SendSmsThenGoodbyeAsync();
                else { Fire(CallTrigger.SmsChoiceMade); SayGoodbye(); }
                return;
        }
        if (_machine.State != CallState.Processing) return;
        bool unclear = string.IsNullOrWhiteSpace(t.Text) || t.Confidence < _options.MinConfidence;
        if (unclear)
        {
            _repeats++;
            Fire(CallTrigger.ClarificationNeeded);
            if (_repeats > _options.MaxRepeats)
            {
                _categoryMenuOffered = true;
                _repeats = 0;
                Speak([Prompt("call.category_menu")], beep: true);
            }
            else Speak([Prompt("call.please_repeat")], beep: true);
            Record.Turns.Add(new CallTurn(t.Text, t.Confidence, "unclear", [], PromptCatalog.Get(_language, "call.please_repeat"), _language,
                timing.ToMilliseconds(null, null)));
            return;
        }
        _repeats = 0;
        if (_services.Dialogue.Llm is not null)
        {
            // The model can take a while: it works in the background and the loop stays free for a hang-up.
            int generation = ++_respondGeneration;
            _responding = (generation, t.Text, t.Confidence, timing);
            var language = _language;
            _ = Task.Run(async () =>
            {
                long started = Stopwatch.GetTimestamp();
                LlmTurn? answered = null;
                string? fallback = null;
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
                budget.CancelAfter(_options.LanguageModelBudget);
                try
                {
                    answered = await _services.Dialogue.RespondAsync(t.Text, _conversation, language, budget.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The caller is not kept waiting on the model: the templates answer (the turn may count twice in the state).
                    fallback = $"the model took over {_options.LanguageModelBudget.TotalSeconds:F1} s";
                    _log($"call: {fallback}; answering from the templates");
                }
                catch (OperationCanceledException) { return; }
                catch (Exception e)
                {
                    fallback = $"the model failed: {e.Message}";
                    _log($"call: the language model failed ({e.GetType().Name}: {e.Message}); answering from the templates");
                }
                Post(new SessionEvent.Responded(generation, answered, Stopwatch.GetElapsedTime(started), fallback));
            }, CancellationToken.None);
            return;
        }
        long understandingStarted = Stopwatch.GetTimestamp();
        var turn = _services.Dialogue.Respond(t.Text, _conversation, _language);
        Answer(turn, t.Text, t.Confidence, timing with { Understanding = Stopwatch.GetElapsedTime(understandingStarted) });
    }

    /// <summary>Speaks a dialogue turn, or leads to the SMS offer and goodbye when the caller is done.</summary>
    private void Answer(DialogueTurn turn, string heard, double confidence, TurnTiming timing, LlmReport? llm = null)
    {
        if (turn.CallbackRequested && _callerId is not null)
        {
            Record.CallbackRequested = true;
            var scheme = turn.SchemeIds.Count > 0 ? turn.SchemeIds[0] : _conversation.LastSchemeIds.FirstOrDefault();
            _services.Callbacks?.Request(_callerId, _language, scheme, _time.GetUtcNow());
        }
        string? understoodBy = llm?.Understanding.Source, wordedBy = llm?.Phrasing.Source;
        string? modelNote = llm is null ? null : $"understanding: {llm.Understanding.Reason}; phrasing: {llm.Phrasing.Verdict ?? llm.Phrasing.Reason}";
        if (turn.EndsCall)
        {
            Fire(CallTrigger.GoodbyeHeard);
            _askedFact = null;
            Record.Turns.Add(new CallTurn(heard, confidence, turn.Intent.Label(), turn.SchemeIds, "", _language, timing.ToMilliseconds(null, null))
            {
                UnderstoodBy = understoodBy,
                WordedBy = wordedBy,
                ModelNote = modelNote,
            });
            if (_answersForSms.Count > 0 && _callerId is not null) Speak([Prompt("call.sms_offer")], then: null, afterward: ArmSmsTimeout);
            else { Fire(CallTrigger.SmsChoiceMade); SayGoodbye(); }
            return;
        }
        Fire(CallTrigger.AnswerReady);
        _askedFact = turn.AskedFact;
        if (turn.SchemeIds.Count > 0 && turn.Intent is not Intent.Repeat) _answersForSms.Add(turn.Answer);
        var callTurn = new CallTurn(heard, confidence, turn.Intent.Label(), turn.SchemeIds, turn.Answer, turn.Language, timing.ToMilliseconds(null, null))
        {
            UnderstoodBy = understoodBy,
            WordedBy = wordedBy,
            ModelNote = modelNote,
        };
        Record.Turns.Add(callTurn);
        int index = Record.Turns.Count - 1;
        long speakAt = Stopwatch.GetTimestamp();
        Speak([.. LeadAndRest(turn.Answer).Select(part => new Utterance(part, turn.Language, null))], beep: true, slow: turn.SpeakSlowly, onFirstAudio: () =>
        {
            // Filled in when the first audio leaves: the figure the caller feels.
            var synthesis = Stopwatch.GetElapsedTime(speakAt);
            Record.Turns[index] = callTurn with { TimingsMs = timing.ToMilliseconds(synthesis, Stopwatch.GetElapsedTime(timing.SpeechEnded)) };
        });
    }

    /// <summary>
    /// The answer with a long first sentence split at its first colon ("Pradhan Mantri Kisan Samman Nidhi (PM-KISAN):
    /// Income support of …"): the scheme's name is synthesised and on the line while the rest is made, so the caller
    /// hears the answer start sooner (synthesis works a sentence at a time). The colon is a pause when spoken anyway.
    /// </summary>
    public static IReadOnlyList<string> LeadAndRest(string answer)
    {
        var first = Speech.Text.SpeechText.Sentences(answer).FirstOrDefault() ?? "";
        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        if (first.Length < 80 || colon < 8 || colon > 100) return [answer];
        int cut = answer.IndexOf(": ", StringComparison.Ordinal);
        return [answer[..cut] + ".", answer[(cut + 2)..]];
    }

    private void ChooseLanguage(string language, string how)
    {
        _language = language;
        _conversation.Language = language;
        Note($"language {language} ({how})");
        if (_machine.State == CallState.Greeting) Fire(CallTrigger.PromptFinished);
        Fire(CallTrigger.LanguageChosen);
        Speak([Prompt("call.how_to_ask")], beep: true);
    }

    private static readonly (string Word, string Language)[] LanguageNames =
    [
        ("hindi", "hi"), ("हिंदी", "hi"), ("हिन्दी", "hi"), ("english", "en"), ("angrezi", "en"), ("अंग्रेज़ी", "en"), ("अंग्रेजी", "en"),
        ("marathi", "mr"), ("मराठी", "mr"), ("bengali", "bn"), ("bangla", "bn"), ("বাংলা", "bn"), ("tamil", "ta"), ("telugu", "te"),
        ("kannada", "kn"), ("gujarati", "gu"), ("punjabi", "pa"), ("odia", "or"), ("malayalam", "ml"),
    ];

    private static readonly string[] YesWords = ["yes", "haan", "han", "ha ", "हाँ", "हां", "ji", "जी", "ok", "theek", "ठीक", "होय"];

    private string? LanguageFromSpeech(Transcript t)
    {
        foreach (var (word, lang) in LanguageNames)
            if (t.Text.Contains(word, StringComparison.OrdinalIgnoreCase) && _options.LanguageKeys.Values.Contains(lang)) return lang;
        var detected = Dialogue.Language.LanguageDetector.AnswerLanguage(Dialogue.Language.LanguageDetector.Detect(t.Text));
        return _options.LanguageKeys.Values.Contains(detected) ? detected : null;
    }

    // ---- the kiosk speaking -------------------------------------------------------------------------------------

    private sealed record Utterance(string Text, string Language, string? PromptKey);

    private Utterance Prompt(string key, string? language = null, params (string Name, string Value)[] values)
    {
        var lang = language ?? _language;
        var text = PromptCatalog.Get(lang, key, values);
        return new Utterance(text, lang, values.Length == 0 ? key : null);
    }

    /// <summary>
    /// Plays <paramref name="parts"/> in the background; when all of it has been played (not interrupted),
    /// the state moves on PromptFinished, or to <paramref name="then"/>, and <paramref name="afterward"/> runs.
    /// </summary>
    private void Speak(IReadOnlyList<Utterance> parts, bool beep = false, bool slow = false, CallState? then = null, Action? afterward = null, Action? onFirstAudio = null)
    {
        StopSpeaking();
        int generation = ++_speechGeneration;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_callToken);
        _speechCts = cts;
        _afterSpeech = (then, afterward);
        var token = cts.Token;
        _ = Task.Run(async () =>
        {
            bool first = true;
            try
            {
                foreach (var part in parts)
                {
                    _log($"call: kiosk says \"{part.Text}\"");
                    await foreach (var frame in Synthesize(part, slow, token).ConfigureAwait(false))
                    {
                        if (first) { first = false; onFirstAudio?.Invoke(); }
                        await _line.PlayAsync(frame, token).ConfigureAwait(false);
                    }
                }
                // A paced line returns from PlayAsync once a chunk is handed over, not when it has been heard; the closing
                // beep (or a moment of silence) waits for the chunk before it, so "done" means heard and the timers that
                // start now (the SMS offer's 8 s, the menu's) give the caller their whole time.
                await _line.PlayAsync(beep ? Beep() : Closing(), token).ConfigureAwait(false);
                Post(new SessionEvent.SpeechDone(generation));
            }
            catch (OperationCanceledException) { }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                Post(new SessionEvent.Failure("playback", e));
            }
        }, CancellationToken.None);
    }

    private (CallState? Then, Action? Afterward) _afterSpeech;

    /// <summary>Audio for one utterance: the cached prompt when there is one, else synthesis; the cache also covers a failed synthesis.</summary>
    private async IAsyncEnumerable<AudioFrame> Synthesize(Utterance u, bool slow, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!slow && u.PromptKey is not null && _services.Prompts?.TryGet(u.PromptKey, u.Language, out var cached) == true)
        {
            yield return ToLineRate(cached);
            yield break;
        }
        var frames = _services.TextToSpeech.SynthesizeAsync(slow ? SlowDown(u.Text) : u.Text, u.Language, ct).GetAsyncEnumerator(ct);
        bool failed = false;
        try
        {
            while (true)
            {
                try
                {
                    if (!await frames.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log($"call: synthesis failed ({e.Message}); playing the stored prompt instead");
                    failed = true;
                    break;
                }
                yield return ToLineRate(frames.Current);
            }
        }
        finally
        {
            await frames.DisposeAsync().ConfigureAwait(false);
        }
        if (failed && _services.Prompts?.TryGet("call.technical_problem", u.Language, out var fallback) == true) yield return ToLineRate(fallback);
    }

    // Pauses between sentences make espeak read more slowly for a caller who asked; the rate itself is the voice's.
    private static string SlowDown(string text) => text.Replace(", ", ", … ", StringComparison.Ordinal);

    private static AudioFrame ToLineRate(AudioFrame frame)
    {
        if (frame.Format.SampleRate == LineRate) return frame;
        var mono = frame.ToMono();
        var samples = Resampler.Resample(mono.Samples.Span, mono.Format.SampleRate, LineRate);
        return new AudioFrame(AudioFormat.Telephone8k, samples, frame.Timestamp);
    }

    private static AudioFrame Beep()
    {
        // 150 ms of 1 kHz at −12 dBFS: the cue to speak.
        var s = new short[LineRate * 150 / 1000];
        for (int i = 0; i < s.Length; i++) s[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / LineRate));
        return new AudioFrame(AudioFormat.Telephone8k, s, TimeSpan.Zero);
    }

    private static AudioFrame Closing() => new(AudioFormat.Telephone8k, new short[LineRate / 50], TimeSpan.Zero);

    private void StopSpeaking()
    {
        var cts = _speechCts;
        _speechCts = null;
        if (cts is null) return;
        _speechGeneration++;
        cts.Cancel();
        cts.Dispose();
    }

    private void OnSpeechDone()
    {
        if (!_nudged && !_checked) _silentSince = _time.GetUtcNow(); // the caller could not answer while the kiosk talked
        var (then, afterward) = _afterSpeech;
        _afterSpeech = (null, null);
        _speechCts?.Dispose();
        _speechCts = null;
        if (then is { } target)
        {
            if (_machine.State != target) Fire(CallTrigger.PromptFinished);
        }
        else Fire(CallTrigger.PromptFinished);
        if (_machine.State == CallState.LanguageMenu)
            ArmTimer("menu", _options.MenuTimeout);
        else if (_machine.State == CallState.Listening)
            ArmSilence();
        afterward?.Invoke();
    }

    private void SayGoodbye()
    {
        if (Record.Result == "in_progress") Record.Result = "completed";
        Speak([Prompt("goodbye")]);
    }

    // ---- SMS ----------------------------------------------------------------------------------------------------

    private void ArmSmsTimeout() => ArmTimer("sms", _options.SmsOfferTimeout);

    private async Task SendSmsThenGoodbyeAsync()
    {
        await SendSmsAsync(_callToken).ConfigureAwait(false);
        Post(new SessionEvent.Key('#')); // any key ends the offer; '#' sends nothing more
    }

    private async Task SendSmsAsync(CancellationToken ct)
    {
        if (_callerId is null || _answersForSms.Count == 0) return;
        var text = PromptCatalog.Get(_language, "sms.summary", ("items", string.Join(" | ", _answersForSms.TakeLast(3))));
        bool sent;
        try
        {
            var result = await _line.SendSmsAsync(_callerId, text, ct).ConfigureAwait(false);
            sent = result.Sent;
            if (!sent) _log($"call: SMS not sent: {result.Error}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            _log($"call: SMS failed: {e.Message}");
            sent = false;
        }
        if (sent) Record.Sms.Add(text);
        Note(sent ? "SMS summary sent" : "SMS summary could not be sent");
    }

    // ---- time ---------------------------------------------------------------------------------------------------

    private void OnCallerActivity()
    {
        _silentSince = _time.GetUtcNow();
        _nudged = false;
        _checked = false;
        // The caller is answering: no silence timer (listening) and no SMS-offer timeout while their reply is heard.
        if (_machine.State is CallState.Listening or CallState.OfferingSms) DisarmTimer();
    }

    /// <summary>
    /// Silence is measured from the start of the quiet stretch (the caller's last sound or key, or the end of the
    /// kiosk's answer); the nudge and the check do not restart it, so goodbye comes 60 s into the silence.
    /// </summary>
    private void ArmSilence()
    {
        var since = _time.GetUtcNow() - _silentSince;
        var (kind, at) = !_nudged ? ("nudge", _options.SilenceNudge) : !_checked ? ("check", _options.SilenceCheck) : ("goodbye", _options.SilenceGoodbye);
        ArmTimer(kind, at - since < TimeSpan.Zero ? TimeSpan.Zero : at - since);
    }

    private void ArmTimer(string kind, TimeSpan due)
    {
        DisarmTimer();
        int generation = _timerGeneration;
        _timer = _time.CreateTimer(_ => Post(new SessionEvent.Timer(kind, generation)), null, due, Timeout.InfiniteTimeSpan);
    }

    private void DisarmTimer()
    {
        _timerGeneration++;
        _timer?.Dispose();
        _timer = null;
    }

    private void OnTimer(SessionEvent.Timer t)
    {
        if (t.Kind == "max_length")
        {
            Note("maximum call length reached");
            Record.Result = "max_length";
            if (Fire(CallTrigger.MaxDurationReached)) Speak([Prompt("call.max_length")]);
            return;
        }
        if (t.Generation != _timerGeneration) return;
        switch (t.Kind, _machine.State)
        {
            case ("menu", CallState.LanguageMenu):
                Note($"no language chosen; using {_options.DefaultLanguage}");
                _language = _options.DefaultLanguage;
                Fire(CallTrigger.MenuTimedOut);
                Speak([Prompt("call.how_to_ask")], beep: true);
                break;
            case ("nudge", CallState.Listening):
                _nudged = true;
                Fire(CallTrigger.SilenceNudge);
                Speak([Prompt("call.listening")], beep: true);
                break;
            case ("check", CallState.Listening):
                _checked = true;
                Fire(CallTrigger.SilenceCheck);
                Speak([Prompt("call.still_there")], beep: true);
                break;
            case ("goodbye", CallState.Listening):
                Note("60 s of silence");
                Record.Result = "silence";
                Fire(CallTrigger.SilenceTimeout);
                Speak([Prompt("call.silence_goodbye")]);
                break;
            case ("sms", CallState.OfferingSms):
                Fire(CallTrigger.SilenceTimeout);
                SayGoodbye();
                break;
        }
    }

    // ---- the caller's audio -------------------------------------------------------------------------------------

    /// <summary>Reads the caller's audio for the whole call: keys (in-band DTMF) and speech (endpointer) become events.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        using var listener = new CallerListener(_services.VoiceActivity, _services.Endpointing, _options.EarlyRecognitionAfter);
        Note($"listening with {listener.DetectorName} voice activity detection");
        try
        {
            await foreach (var frame in _line.ListenAsync(ct).ConfigureAwait(false))
                foreach (var sound in listener.Process(frame)) Post(new SessionEvent.Voice(sound));
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Post(new SessionEvent.Failure("audio in", e));
        }
    }

    // ---- bookkeeping --------------------------------------------------------------------------------------------

    private bool Fire(CallTrigger trigger)
    {
        if (!_machine.Fire(trigger, out var from)) return false;
        Record.States.Add(new StateChange(Math.Round(_time.GetElapsedTime(_start).TotalMilliseconds, 1), from.ToString(), trigger.ToString(), _machine.State.ToString()));
        _log($"call: {from} --{trigger}--> {_machine.State}");
        return true;
    }

    private void Note(string what)
    {
        Record.Events.Add(string.Create(CultureInfo.InvariantCulture, $"{_time.GetElapsedTime(_start).TotalSeconds:F2}s {what}"));
        _log("call: " + what);
    }

    private void Post(SessionEvent e) => _events.Writer.TryWrite(e);

    private bool RestoreCallerContext()
    {
        if (_callerId is null || _services.CallerIds is null || _services.CallerContexts is null) return false;
        _callerHash = _services.CallerIds.Hash(_callerId);
        var json = _services.CallerContexts.TryLoad(_callerHash);
        if (json is null) return false;
        try
        {
            var saved = JsonSerializer.Deserialize<SavedContext>(json);
            if (saved is null) return false;
            _language = saved.Language;
            _conversation.Language = saved.Language;
            _conversation.LastSchemeIds = saved.SchemeIds;
            _conversation.LastAnswer = saved.LastAnswer;
            Record.ReturningCaller = true;
            Note("returning caller: continuing the earlier conversation");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void SaveCallerContext()
    {
        if (_callerHash is null && _callerId is not null && _services.CallerIds is not null) _callerHash = _services.CallerIds.Hash(_callerId);
        if (_callerHash is null || _services.CallerContexts is null || _conversation.Turns == 0) return;
        try
        {
            _services.CallerContexts.Save(_callerHash, JsonSerializer.Serialize(new SavedContext(_language, _conversation.LastSchemeIds.ToArray(), _conversation.LastAnswer)));
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log($"call: could not keep the caller's context: {e.Message}");
        }
    }

    private sealed record SavedContext(string Language, string[] SchemeIds, string? LastAnswer);

    private sealed record PendingTurn(int Generation, CallState State, TurnTiming Timing, long EndpointAt);

    /// <summary>A recognition started during the caller's pause, used if the utterance ends exactly there.</summary>
    private sealed record EarlyRecognition(TimeSpan SpeechStart, TimeSpan SpeechEnd, TimeSpan AudioStart, int AudioSamples, ExpectedSpeech Expected,
        CancellationTokenSource Cancellation, Task<Transcript> Recognition);

    private abstract record SessionEvent
    {
        public sealed record Line(CallLineEvent Event) : SessionEvent;

        public sealed record Voice(CallerSound Sound) : SessionEvent;

        /// <summary>The dialogue's answer with the language model's help (null: the model failed, use the templates).</summary>
        public sealed record Responded(int Generation, LlmTurn? Turn, TimeSpan Elapsed, string? Fallback) : SessionEvent;

        public sealed record Key(char Value) : SessionEvent;

        public sealed record Recognized(int Generation, Transcript Transcript) : SessionEvent;

        public sealed record SpeechDone(int Generation) : SessionEvent;

        public sealed record Timer(string Kind, int Generation) : SessionEvent;

        public sealed record Failure(string What, Exception Error) : SessionEvent;
    }
}
