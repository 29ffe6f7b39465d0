using System.Diagnostics;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Tts;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Voice;

namespace Saarthi.Appliance.Demo;

/// <summary>One thing the simulated caller does.</summary>
public abstract record CallerStep
{
    /// <summary>Speaks (espeak-ng, reduced to the 8 kHz telephone band) after the kiosk has finished talking.</summary>
    public sealed record Say(string Text, string Language) : CallerStep;

    /// <summary>Presses keys after the kiosk has finished talking.</summary>
    public sealed record Press(string Keys) : CallerStep;

    /// <summary>Stays silent for a while (to test the kiosk's nudges), without waiting for the kiosk.</summary>
    public sealed record Pause(TimeSpan Length) : CallerStep;

    /// <summary>Hangs up, after <see cref="After"/> of the kiosk's next speech (zero: at once).</summary>
    public sealed record HangUp(TimeSpan After) : CallerStep;

    /// <summary>Waits until the kiosk hangs up.</summary>
    public sealed record WaitForHangUp : CallerStep;
}

/// <summary>
/// The caller's end of a call on the fake modem: rings, then follows a script, always feeding the line in real time
/// (speech or silence, 20 ms at a time) and listening to what the kiosk says so it speaks only when the kiosk is done:
/// the kiosk's audio arrives in chunks (a sentence at a time, just ahead of real time), so the caller follows where
/// the playback would be in real time, and takes its turn 300 ms after the kiosk's beep ("ask after the beep"), or
/// after <see cref="KioskQuiet"/> of quiet when a prompt ends without one (the language menu, the SMS offer).
/// Both directions are kept for the call recording.
/// </summary>
public sealed class ScriptedCaller
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private readonly FakeModem _modem;
    private readonly Action<string> _say;
    private readonly EspeakSynthesizer _voice = new(wordsPerMinute: 150);
    private readonly Queue<short[]> _speech = new();
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _kioskGate = new();
    private string? _saying;                   // the utterance being said, until the kiosk's first sound after it
    private double _speechSentMs = -1;         // when its last frame went out (-1: not yet)
    private double _kioskPlayedUntilMs;        // where the kiosk's playback ends, in real time (this caller's clock)
    private double _kioskSoundEndMs = -1;      // end of the kiosk's last sound since the caller's last turn (-1: none yet)
    private bool _kioskEndedWithBeep;

    public ScriptedCaller(FakeModem modem, Action<string>? narrate = null)
    {
        _modem = modem ?? throw new ArgumentNullException(nameof(modem));
        _say = narrate ?? (_ => { });
    }

    /// <summary>Everything the caller sent, at its time in the call.</summary>
    public List<(TimeSpan At, AudioFrame Frame)> CallerAudio { get; } = [];

    /// <summary>Everything the kiosk sent, as it arrived.</summary>
    public List<(TimeSpan At, AudioFrame Frame)> KioskAudio { get; } = [];

    /// <summary>How long the kiosk must be quiet, after a prompt without a beep, before the caller takes its turn.</summary>
    public TimeSpan KioskQuiet { get; init; } = TimeSpan.FromMilliseconds(1200); // longer than a pause between the kiosk's sentences

    /// <summary>How long after the kiosk's beep the caller starts talking.</summary>
    public TimeSpan AfterBeep { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// For the soak bench: the caller's speech goes out as fast as the line takes it (the quiet after it still in real
    /// time, so the kiosk's endpointer waits its real 700 ms), and the kiosk's audio counts as played when it arrives
    /// (a modem that does not pace playback): the caller answers the beep at once, or 300 ms after a prompt without one.
    /// </summary>
    public bool Fast { get; init; }

    /// <summary>
    /// Per utterance, end of the caller's speech (its last frame sent) → the first sound of the kiosk after it, as the
    /// caller hears it; the utterance's text with it.
    /// </summary>
    public List<(string Said, TimeSpan Latency)> Latencies { get; } = [];

    public async Task RunAsync(string callerId, IReadOnlyList<CallerStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        await _modem.RingAsync(callerId, cancellationToken).ConfigureAwait(false);
        _say($"caller : (rings the kiosk from {callerId})");
        var voice = await WaitForVoiceAsync(cancellationToken).ConfigureAwait(false);
        using var talking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(() => PumpAsync(voice, talking.Token), CancellationToken.None);
        var listen = Task.Run(() => ListenAsync(voice, talking.Token), CancellationToken.None);
        try
        {
            foreach (var step in steps)
            {
                switch (step)
                {
                    case CallerStep.Say say:
                        await WaitForKioskAsync(cancellationToken).ConfigureAwait(false);
                        _say($"caller : \"{say.Text}\"");
                        var speech = await SpeechAsync(say.Text, say.Language, cancellationToken).ConfigureAwait(false);
                        lock (_kioskGate) _saying = say.Text;
                        Enqueue(speech);
                        await WaitSpokenAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case CallerStep.Press press:
                        await WaitForKioskAsync(cancellationToken).ConfigureAwait(false);
                        _say($"caller : (presses {press.Keys})");
                        await _modem.PressKeysAsync(press.Keys, TimeSpan.FromMilliseconds(150), cancellationToken).ConfigureAwait(false);
                        MarkTurn();
                        break;
                    case CallerStep.Pause pause:
                        _say($"caller : (stays silent for {pause.Length.TotalSeconds:F0} s)");
                        await Task.Delay(pause.Length, cancellationToken).ConfigureAwait(false);
                        break;
                    case CallerStep.HangUp hang:
                        if (hang.After > TimeSpan.Zero)
                        {
                            await WaitForKioskSpeechAsync(cancellationToken).ConfigureAwait(false);
                            await Task.Delay(hang.After, cancellationToken).ConfigureAwait(false);
                        }
                        _say("caller : (hangs up)");
                        await _modem.HangUpAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    case CallerStep.WaitForHangUp:
                        while (_modem.CallState != FakeCallState.Idle) await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                        return;
                }
            }
        }
        finally
        {
            await talking.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(pump, listen).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    private async Task<IVoiceChannel> WaitForVoiceAsync(CancellationToken ct)
    {
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(15);
        while (_modem.Caller is null)
        {
            if (_clock.Elapsed > deadline) throw new TimeoutException("the kiosk did not answer the call within 15 s");
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
        return _modem.Caller;
    }

    /// <summary>The caller's speech as the kiosk hears it: 8 kHz, telephone band, through G.711 µ-law.</summary>
    private async Task<short[]> SpeechAsync(string text, string language, CancellationToken ct)
    {
        var speech = await _voice.SynthesizeAsync(text, language, 100, ct).ConfigureAwait(false);
        var narrow = Resampler.Resample(speech.Samples, speech.SampleRate, 8000);
        var coded = new byte[narrow.Length];
        G711.MuLawEncode(narrow, coded);
        var back = new short[coded.Length];
        G711.MuLawDecode(coded, back);
        return Audible(back);
    }

    /// <summary>
    /// The speech without espeak-ng's leading and trailing quiet (below −50 dBFS): the end of the last frame sent is
    /// then the end of the caller's speech, where the latency figures start.
    /// </summary>
    private static short[] Audible(short[] x)
    {
        const int threshold = 104; // −50 dBFS
        int first = Array.FindIndex(x, v => Math.Abs((int)v) > threshold);
        int last = Array.FindLastIndex(x, v => Math.Abs((int)v) > threshold);
        return first < 0 ? x : x[first..(last + 1)];
    }

    private void Enqueue(short[] samples)
    {
        lock (_gate)
        {
            for (int i = 0; i < samples.Length; i += 160)
            {
                var chunk = new short[160];
                samples.AsSpan(i, Math.Min(160, samples.Length - i)).CopyTo(chunk);
                _speech.Enqueue(chunk);
            }
        }
    }

    private async Task WaitSpokenAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_speech.Count == 0) break;
            }
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
        MarkTurn();
    }

    private int RemainingSpeechFrames()
    {
        lock (_gate) return _speech.Count;
    }

    private void MarkTurn()
    {
        lock (_kioskGate)
        {
            _kioskSoundEndMs = -1;
            _kioskEndedWithBeep = false;
        }
    }

    /// <summary>Waits until the kiosk has said something since the caller's last turn and has finished: its beep, or quiet.</summary>
    private async Task WaitForKioskAsync(CancellationToken ct)
    {
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(60);
        while (_clock.Elapsed < deadline)
        {
            double soundEnd;
            bool beep;
            lock (_kioskGate) (soundEnd, beep) = (_kioskSoundEndMs, _kioskEndedWithBeep);
            var wait = beep ? (Fast ? TimeSpan.Zero : AfterBeep) : (Fast ? TimeSpan.FromMilliseconds(300) : KioskQuiet);
            if (soundEnd >= 0 && _clock.Elapsed.TotalMilliseconds - soundEnd >= wait.TotalMilliseconds) return;
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
        throw new TimeoutException("the kiosk said nothing for 60 s");
    }

    private async Task WaitForKioskSpeechAsync(CancellationToken ct)
    {
        MarkTurn();
        while (true)
        {
            lock (_kioskGate)
            {
                if (_kioskSoundEndMs >= 0) return;
            }
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The kiosk's cue to speak: 150 ms of a 1 kHz tone, nearly all of the frame's energy at 1 kHz.</summary>
    public static bool IsBeep(AudioFrame frame)
    {
        var x = frame.ToMono().Samples.Span;
        if (frame.Duration < TimeSpan.FromMilliseconds(100) || AudioLevel.PeakDbfs(x) < -30) return false;
        // Goertzel at 1 kHz against the total energy.
        double w = 2 * Math.PI * 1000 / frame.Format.SampleRate, coeff = 2 * Math.Cos(w), s1 = 0, s2 = 0, total = 0;
        foreach (var v in x)
        {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            total += (double)v * v;
        }
        double tone = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return total > 0 && 2 * tone / x.Length / total > 0.8;
    }

    /// <summary>Feeds the line every 20 ms in real time: queued speech, else silence (a phone line never stops).</summary>
    private async Task PumpAsync(IVoiceChannel voice, CancellationToken ct)
    {
        var next = _clock.Elapsed;
        var silence = new short[160];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                short[] chunk;
                bool last;
                lock (_gate)
                {
                    chunk = _speech.Count > 0 ? _speech.Dequeue() : silence;
                    last = _speech.Count == 0;
                }
                var frame = new AudioFrame(AudioFormat.Telephone8k, chunk, next);
                await voice.WriteAsync(frame, ct).ConfigureAwait(false);
                bool spoken = !ReferenceEquals(chunk, silence);
                if (spoken) CallerAudio.Add((next, frame));
                if (spoken && last) lock (_kioskGate) _speechSentMs = _clock.Elapsed.TotalMilliseconds;
                next += Frame;
                if (spoken && Fast && !last && RemainingSpeechFrames() > 15)
                {
                    // Speech as fast as the line takes it (yielding now and then), its last 300 ms and the quiet after it in
                    // real time: the kiosk has caught up with the burst by the end, as it would be on a real line.
                    next = _clock.Elapsed;
                    if (RemainingSpeechFrames() % 25 == 0) await Task.Yield();
                    continue;
                }
                var wait = next - _clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ListenAsync(IVoiceChannel voice, CancellationToken ct)
    {
        try
        {
            await foreach (var frame in voice.ReadAsync(ct).ConfigureAwait(false))
            {
                var now = _clock.Elapsed;
                KioskAudio.Add((now, frame));
                bool sound = AudioLevel.PeakDbfs(frame.Samples.Span) > -45;
                bool beep = sound && IsBeep(frame);
                lock (_kioskGate)
                {
                    // Chunks arrive ahead of real time: each one plays after the last has finished (unless nothing paces them).
                    _kioskPlayedUntilMs = Fast ? now.TotalMilliseconds : Math.Max(now.TotalMilliseconds, _kioskPlayedUntilMs) + frame.Duration.TotalMilliseconds;
                    if (sound && _saying is not null && _speechSentMs >= 0)
                    {
                        Latencies.Add((_saying, TimeSpan.FromMilliseconds(now.TotalMilliseconds - _speechSentMs)));
                        _saying = null;
                        _speechSentMs = -1;
                    }
                    if (sound)
                    {
                        _kioskSoundEndMs = _kioskPlayedUntilMs;
                        _kioskEndedWithBeep = beep;
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
