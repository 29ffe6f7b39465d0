using Saarthi.Appliance.Call;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Llm;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Callers;
using Saarthi.Knowledge.Storage;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;
using Saarthi.Speech.Vad;
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

    private readonly LlmSetup? _llm;

    private CallRig(bool pace, TimeProvider? time, bool handset, string? handsetMicrophone = null, string? detector = null, bool pocketsphinx = false,
        Func<ModemProfile, ModemProfile>? profile = null, LlmSetup? llm = null)
    {
        _llm = llm;
        _kb = SqliteKnowledgeBase.Open(new SnapshotStore(_dir.File("data")), () => File.ReadAllText(Seed.Path));
        Fake = FakeModem.OnPseudoTerminal();
        var sim7600 = ModemProfile.BuiltIn("sim7600");
        Modem = Modem.OnSerialPort(profile?.Invoke(sim7600) ?? sim7600, Fake.DevicePath, voicePort: Fake, options: new ModemOptions { PaceAudio = pace });
        Options = new CallOptions { LanguageKeys = { ['1'] = "hi", ['2'] = "en" }, Helpline = "1800-000-1234" };
        var recogniser = pocketsphinx ? CallServicesFactory.CreateSpeechToText(_kb, Options, line => { lock (Log) Log.Add(line); }, null) : null;
        Services = new CallServices
        {
            Dialogue = new DialogueEngine(_kb, new DialogueOptions { HumanHelpline = Options.Helpline }, llm?.Model, llm?.Options),
            SpeechToText = recogniser ?? Stt,
            TextToSpeech = new EspeakTextToSpeech(),
            VoiceActivity = detector == "energy" ? new EnergyVoiceActivityDetector() : VoiceActivityDetection.CreateDefault(8000, line => { lock (Log) Log.Add(line); }),
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

    /// <param name="pace">The modem plays the kiosk's audio in real time (else as fast as it comes).</param>
    /// <param name="time">The call's clock (a manual one for the silence timers).</param>
    /// <param name="detector">"energy" forces the fallback detector; by default the one the kiosk would choose (Silero when its model loads).</param>
    /// <param name="pocketsphinx">The kiosk's real recogniser (pocketsphinx with the snapshot grammar) instead of the scripted one.</param>
    /// <param name="profile">Changes to the SIM7600 profile (shorter timeouts for the fault tests).</param>
    /// <param name="llm">A language model for the dialogue (the rig disposes it).</param>
    public static CallRig Start(bool pace = false, TimeProvider? time = null, string? detector = null, bool pocketsphinx = false,
        Func<ModemProfile, ModemProfile>? profile = null, LlmSetup? llm = null) =>
        new(pace, time, handset: false, null, detector, pocketsphinx, profile, llm);

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

    private static readonly string[] Sentences =
    [
        "tell me about the scheme for farmers", "how do i apply for it", "what documents do i need",
        "is there a pension for old people", "how much money do i get", "who can get this scheme",
    ];

    private static readonly Dictionary<string, short[]> Spoken = new(StringComparer.Ordinal);

    /// <summary>
    /// Speaks for about <paramref name="length"/> (espeak-ng sentences, <paramref name="seed"/> picks which, repeated
    /// with short breaths for long talk), then stays quiet for a second (the endpointer's end).
    /// </summary>
    public static async Task SpeakAsync(IVoiceChannel voice, TimeSpan length, int seed = 1)
    {
        var sentence = await SpeechAsync(Sentences[seed % Sentences.Length]);
        var talk = new List<short>(sentence);
        while (talk.Count < length.TotalSeconds * 8000) talk.AddRange(new short[800].Concat(sentence)); // 100 ms breaths
        await SendAsync(voice, talk.ToArray());
    }

    /// <summary>Says <paramref name="text"/> (espeak-ng, telephone band), then a second of quiet.</summary>
    public static async Task SayAsync(IVoiceChannel voice, string text) => await SendAsync(voice, await SpeechAsync(text));

    /// <summary>Says <paramref name="first"/>, pauses for <paramref name="pause"/>, says <paramref name="rest"/>, then a second of quiet.</summary>
    public static async Task SayWithPauseAsync(IVoiceChannel voice, string first, TimeSpan pause, string rest) =>
        await SendAsync(voice, [.. Trimmed(await SpeechAsync(first)), .. new short[(int)(pause.TotalSeconds * 8000)], .. Trimmed(await SpeechAsync(rest))]);

    /// <summary>espeak-ng's leading and trailing quiet cut (below −50 dBFS), so a pause is exactly as long as asked.</summary>
    internal static short[] Trimmed(short[] x)
    {
        int first = Array.FindIndex(x, v => Math.Abs((int)v) > 104);
        int last = Array.FindLastIndex(x, v => Math.Abs((int)v) > 104);
        return first < 0 ? [] : x[first..(last + 1)];
    }

    internal static async Task<short[]> SpeechAsync(string text)
    {
        lock (Spoken)
        {
            if (Spoken.TryGetValue(text, out var known)) return known;
        }
        var speech = await new EspeakSynthesizer().SynthesizeAsync(text, "en");
        var narrow = Resampler.Resample(speech.Samples, speech.SampleRate, 8000);
        lock (Spoken) Spoken[text] = narrow;
        return narrow;
    }

    private static async Task SendAsync(IVoiceChannel voice, short[] speech)
    {
        // A phone line is never silent of frames: quiet first, then speech, then a second of quiet; a faint hiss throughout.
        var line = new short[2400 + speech.Length + 8000];
        speech.CopyTo(line, 2400);
        var hiss = new Random(speech.Length);
        for (int i = 0; i < line.Length; i++) line[i] = (short)Math.Clamp(line[i] + hiss.Next(-12, 13), short.MinValue, short.MaxValue);
        int f = 0;
        foreach (var frame in AudioFrame.Split(AudioFormat.Telephone8k, line, TimeSpan.FromMilliseconds(20)))
        {
            await voice.WriteAsync(frame);
            // About ten times real time: the voice path holds 500 frames (10 s), so the kiosk never falls that far behind.
            if (++f % 5 == 0) await Task.Delay(10);
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
        Services.Dispose();
        _llm?.Dispose();
        _kb.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
