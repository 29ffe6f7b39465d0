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
/// (speech or silence, 20 ms at a time) and listening to what the kiosk says so it speaks only when the kiosk is done.
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
    private long _lastKioskSoundMs = -1;
    private long _kioskFramesSeen;

    public ScriptedCaller(FakeModem modem, Action<string>? narrate = null)
    {
        _modem = modem ?? throw new ArgumentNullException(nameof(modem));
        _say = narrate ?? (_ => { });
    }

    /// <summary>Everything the caller sent, at its time in the call.</summary>
    public List<(TimeSpan At, AudioFrame Frame)> CallerAudio { get; } = [];

    /// <summary>Everything the kiosk sent, as it arrived.</summary>
    public List<(TimeSpan At, AudioFrame Frame)> KioskAudio { get; } = [];

    /// <summary>How long the kiosk must be quiet before the caller takes its turn.</summary>
    public TimeSpan KioskQuiet { get; init; } = TimeSpan.FromMilliseconds(1600); // longer than a pause between the kiosk's sentences

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
                        Enqueue(await SpeechAsync(say.Text, say.Language, cancellationToken).ConfigureAwait(false));
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
        return back;
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

    private void MarkTurn() => Interlocked.Exchange(ref _lastKioskSoundMs, -1);

    /// <summary>Waits until the kiosk has said something since the caller's last turn and then fallen quiet.</summary>
    private async Task WaitForKioskAsync(CancellationToken ct)
    {
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(60);
        while (_clock.Elapsed < deadline)
        {
            long last = Interlocked.Read(ref _lastKioskSoundMs);
            if (last >= 0 && _clock.ElapsedMilliseconds - last >= KioskQuiet.TotalMilliseconds) return;
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
        throw new TimeoutException("the kiosk said nothing for 60 s");
    }

    private async Task WaitForKioskSpeechAsync(CancellationToken ct)
    {
        MarkTurn();
        while (Interlocked.Read(ref _lastKioskSoundMs) < 0) await Task.Delay(10, ct).ConfigureAwait(false);
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
                lock (_gate)
                {
                    chunk = _speech.Count > 0 ? _speech.Dequeue() : silence;
                }
                var frame = new AudioFrame(AudioFormat.Telephone8k, chunk, next);
                await voice.WriteAsync(frame, ct).ConfigureAwait(false);
                if (!ReferenceEquals(chunk, silence)) CallerAudio.Add((next, frame));
                next += Frame;
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
                KioskAudio.Add((_clock.Elapsed, frame));
                _kioskFramesSeen++;
                if (AudioLevel.PeakDbfs(frame.Samples.Span) > -45) Interlocked.Exchange(ref _lastKioskSoundMs, _clock.ElapsedMilliseconds);
            }
        }
        catch (OperationCanceledException) { }
    }
}
