using Saarthi.Appliance.Call;
using Saarthi.Dialogue;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Callers;
using Saarthi.Knowledge.Storage;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;
using Saarthi.Telephony;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Handset;
using Saarthi.Telephony.Modems;
using Saarthi.Telephony.Tests.Handset;
using Saarthi.Telephony.Voice;
using Saarthi.TestSupport;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>
/// What a recogniser heard, scripted per utterance: the call logic under test, the recognisers are tested on their
/// own against real audio. Everything else here is real: the modem driver over a pty to the fake modem, espeak-ng,
/// the dialogue engine on the seed snapshot, the endpointer on the audio the test sends.
/// </summary>
internal sealed class ScriptedSpeechToText : ISpeechToText
{
    private readonly Queue<(string Text, double Confidence)> _heard = new();

    public TimeSpan Delay { get; set; }

    public int Calls { get; private set; }

    public string Engine => "scripted";

    public IReadOnlyCollection<string> Languages { get; } = ["en", "hi"];

    public void Will(string text, double confidence = 0.9)
    {
        lock (_heard) _heard.Enqueue((text, confidence));
    }

    public async Task<Transcript> TranscribeAsync(AudioFrame utterance, string? languageHint, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        (string Text, double Confidence) next;
        lock (_heard) next = _heard.Count > 0 ? _heard.Dequeue() : ("", 0);
        return new Transcript(next.Text, next.Confidence, languageHint ?? "en", Engine, utterance.Duration, TimeSpan.FromMilliseconds(1));
    }

    public void Dispose() { }
}

/// <summary>
/// A kiosk serving calls on the fake modem, and the caller's end of it; optionally also on a handset (a scripted hook
/// line and file-backed ALSA devices paced by the clock, as a sound card would be).
/// </summary>
internal sealed class CallRig : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SqliteKnowledgeBase _kb;
    private readonly Task _serving;

    private CallRig(bool pace, TimeProvider? time, bool handset, string? handsetMicrophone = null)
    {
        _kb = SqliteKnowledgeBase.Open(new SnapshotStore(_dir.File("data")), () => File.ReadAllText(Seed.Path));
        Fake = FakeModem.OnPseudoTerminal();
        Modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), Fake.DevicePath, voicePort: Fake, options: new ModemOptions { PaceAudio = pace });
        Options = new CallOptions { LanguageKeys = { ['1'] = "hi", ['2'] = "en" }, Helpline = "1800-000-1234" };
        Services = new CallServices
        {
            Dialogue = new DialogueEngine(_kb, new DialogueOptions { HumanHelpline = Options.Helpline }),
            SpeechToText = Stt,
            TextToSpeech = new EspeakTextToSpeech(),
            NewUtteranceDetector = () => new EnergyUtteranceDetector(),
            CallerIds = CallerIdHasher.FromSaltFile(_dir.File("salt")),
            CallerContexts = new CallerContextStore(_dir.File("callers.db")),
        };
        Modem.StartAsync(_stop.Token).GetAwaiter().GetResult();
        var lines = new List<ICallLine> { Modem };
        if (handset)
        {
            HandsetFiles = new AlsaFilePcm();
            HandsetFiles.WriteInput([]); // the handset's microphone hears silence
            Hook = new ScriptedGpioLine();
            Handset = new HandsetLine(Hook, new HandsetOptions
            {
                CaptureDevice = handsetMicrophone ?? AlsaFilePcm.CaptureDevice,
                PlaybackDevice = AlsaFilePcm.PlaybackDevice,
                Audio = new AlsaDeviceOptions { ConfigFile = HandsetFiles.ConfigPath, PaceWithClock = true },
            }, line => { lock (Log) Log.Add(line); });
            lines.Add(Handset);
        }
        var host = new KioskHost(lines, Services, Options, time, line => { lock (Log) Log.Add(line); });
        Host = host;
        _serving = Task.Run(() => host.ServeAsync(r => { lock (Ended) Ended.Add(r); }, cancellationToken: _stop.Token));
    }

    public static CallRig Start(bool pace = false, TimeProvider? time = null) => new(pace, time, handset: false);

    /// <summary>The kiosk serving the fake modem and a handset together.</summary>
    public static CallRig StartWithHandset(string? microphone = null) => new(pace: false, time: null, handset: true, microphone);

    public HandsetLine? Handset { get; }

    public ScriptedGpioLine? Hook { get; }

    public AlsaFilePcm? HandsetFiles { get; }

    public FakeModem Fake { get; }

    public Modem Modem { get; }

    public KioskHost Host { get; }

    public CallOptions Options { get; }

    public CallServices Services { get; }

    public ScriptedSpeechToText Stt { get; } = new();

    public List<CallRecord> Ended { get; } = [];

    public List<string> Log { get; } = [];

    public CallState? State => Host.Current?.State;

    public CallRecord? Current => Host.Current?.Record;

    public async Task<IVoiceChannel> RingAsync(string callerId = "+919876543210")
    {
        await Fake.RingAsync(callerId);
        await Until(() => Fake.Caller is not null && Fake.CallState == FakeCallState.Active, "the kiosk answers");
        return Fake.Caller!;
    }

    /// <summary>Rings, picks English with key 2 and waits until the kiosk listens.</summary>
    public async Task<IVoiceChannel> CallInEnglishAsync(string callerId = "+919876543210")
    {
        var voice = await RingAsync(callerId);
        await Until(() => State is CallState.Greeting or CallState.LanguageMenu, "the greeting");
        await Fake.PressKeysAsync("2");
        await Until(() => State == CallState.Listening, "listening after the language menu");
        return voice;
    }

    /// <summary>Sends an utterance's worth of loud noise followed by a second of silence (the endpointer's end).</summary>
    public static async Task SpeakAsync(IVoiceChannel voice, TimeSpan length, int seed = 1)
    {
        var rng = new Random(seed);
        // A phone line is never silent of frames: quiet first (the endpointer learns the floor), then speech, then quiet.
        int frames = (int)(length.TotalMilliseconds / 20);
        const int lead = 15;
        for (int f = 0; f < lead + frames + 50; f++)
        {
            var s = new short[160];
            if (f >= lead && f < lead + frames)
                for (int i = 0; i < s.Length; i++) s[i] = (short)rng.Next(-4000, 4000);
            await voice.WriteAsync(new AudioFrame(AudioFormat.Telephone8k, s, TimeSpan.Zero));
            if (f % 25 == 24) await Task.Delay(5); // let the kiosk keep up: the voice path holds 500 frames
        }
    }

    public static async Task Until(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("waited in vain for: " + what);
            await Task.Delay(10);
        }
    }

    public async Task<CallRecord> EndedCallAsync(int count = 1)
    {
        await Until(() => { lock (Ended) return Ended.Count >= count; }, $"call {count} to end", 40);
        lock (Ended) return Ended[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _serving.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        await Modem.DisposeAsync();
        await Fake.DisposeAsync();
        if (Handset is not null) await Handset.DisposeAsync();
        HandsetFiles?.Dispose();
        Services.CallerContexts?.Dispose();
        _kb.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
