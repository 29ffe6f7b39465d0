using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Saarthi.Appliance.Call;
using Saarthi.Appliance.Kiosk;
using Saarthi.Appliance.Tests.Call;
using Saarthi.Dialogue;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Callers;
using Saarthi.Knowledge.Storage;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;
using Saarthi.Sync;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Packages;
using Saarthi.Sync.Telemetry;
using Saarthi.Sync.Transfer;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;

namespace Saarthi.Appliance.Tests.Kiosk;

/// <summary>
/// NGO updates inside the running kiosk: the kiosk of `run` (KioskHost, ServingSnapshot, KioskSync with the update
/// gate) serving calls on the fake modem over a pty, a real mosquitto on 127.0.0.1, packages signed and pushed by the
/// NGO tool's code, and the NGO's view of the kiosk's topics.
/// </summary>
public sealed class KioskSyncTests
{
    private static readonly TimeSpan Utterance = TimeSpan.FromSeconds(1.2);

    [Fact]
    public async Task Update_PushedDuringACall_AppliedAfterTheCallEndsAndTheNextCallAnswersFromIt()
    {
        await using var rig = await KioskSyncRig.StartAsync();
        await rig.Ngo.UntilAsync(m => m.Topic == SyncTopics.Presence(rig.KioskId) && m.Text == "online", "the kiosk online");

        var voice = await rig.CallInEnglishAsync();
        Assert.Contains("6,000", await rig.AskAsync(voice, "what is the pm kisan scheme"), StringComparison.Ordinal);

        var package = rig.Package(NineThousand("ngo-kisan-9000"));
        await rig.PushAsync(package);
        await CallRig.Until(() => rig.Gate.UpdateWaiting, "the complete package waiting for the call to end", 40);

        // The call goes on from the snapshot it started with.
        Assert.Contains("6,000", await rig.AskAsync(voice, "what is the pm kisan scheme", seed: 3), StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, rig.Serving.SnapshotId);
        Assert.Equal(1, rig.Gate.ActiveCalls);

        await rig.Fake.HangUpAsync();
        await rig.EndedCallAsync(1);
        var status = await rig.Ngo.StatusAsync(s => (string?)s["last_update"]?["package_id"] == SnapshotPackage.Sha256Hex(package), "the status after the update");
        Assert.True((bool)status["last_update"]!["applied"]!);
        Assert.Equal("ngo-kisan-9000", (string?)status["snapshot_id"]);
        Assert.Equal("ngo-kisan-9000", rig.Serving.SnapshotId);

        var second = await rig.CallInEnglishAsync();
        Assert.Contains("9,000", await rig.AskAsync(second, "what is the pm kisan scheme"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_CorruptPackagePushedToARunningKiosk_RejectedWithTheReasonAndCallsKeepTheOldSnapshot()
    {
        await using var rig = await KioskSyncRig.StartAsync();
        await rig.Ngo.UntilAsync(m => m.Topic == SyncTopics.Presence(rig.KioskId) && m.Text == "online", "the kiosk online");
        var package = rig.Package(NineThousand("ngo-corrupt"));
        package[^500] ^= 0x20; // one bit flipped inside the signed payload

        await rig.PushAsync(package);
        var status = await rig.Ngo.StatusAsync(s => (string?)s["last_update"]?["package_id"] == SnapshotPackage.Sha256Hex(package), "the rejection on the status topic");

        Assert.False((bool)status["last_update"]!["applied"]!);
        Assert.StartsWith("hash-mismatch", (string?)status["last_update"]!["reason"], StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, (string?)status["snapshot_id"]);
        Assert.Equal(Seed.SnapshotId, rig.Serving.SnapshotId);
        var voice = await rig.CallInEnglishAsync();
        Assert.Contains("6,000", await rig.AskAsync(voice, "what is the pm kisan scheme"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BrokerDownAtStart_CallsAreServedAndSyncConnectsWhenTheBrokerIsBack()
    {
        await using var rig = await KioskSyncRig.StartAsync(brokerUp: false);

        var voice = await rig.CallInEnglishAsync();
        Assert.Contains("6,000", await rig.AskAsync(voice, "what is the pm kisan scheme"), StringComparison.Ordinal);
        await rig.Fake.HangUpAsync();
        await rig.EndedCallAsync(1);
        await CallRig.Until(() => rig.LogLines.Any(l => l.Contains("cannot reach", StringComparison.Ordinal) && l.Contains("retrying", StringComparison.Ordinal)),
            "the log naming the unreachable broker");

        rig.Broker.Restart();
        await rig.ConnectNgoAsync();
        var status = await rig.Ngo.StatusAsync(s => (bool?)s["online"] == true, "the kiosk's status once the broker is back", 40);
        Assert.Equal(1, (int?)status["calls_today"]);
    }

    [Fact]
    public async Task Telemetry_CallWithACallbackRequest_NgoGetsCountsAndOneCallbackButNoWordsOrNumberInTelemetry()
    {
        const string caller = "+919812345678";
        await using var rig = await KioskSyncRig.StartAsync();
        await rig.Ngo.UntilAsync(m => m.Topic == SyncTopics.Presence(rig.KioskId) && m.Text == "online", "the kiosk online");

        var voice = await rig.CallInEnglishAsync(caller);
        await rig.AskAsync(voice, "what is the pm kisan scheme");
        await rig.AskAsync(voice, "i want to talk to a person", seed: 4);
        await rig.Fake.HangUpAsync();
        var record = await rig.EndedCallAsync(1);
        Assert.True(record.CallbackRequested);

        var callback = await rig.Ngo.UntilAsync(m => m.Topic == SyncTopics.Callbacks(rig.KioskId), "the callback request");
        var request = JsonNode.Parse(callback.Text)!;
        Assert.Equal(caller, (string?)request["number"]);
        Assert.Equal("en", (string?)request["language"]);
        Assert.Equal("pm-kisan", (string?)request["scheme_id"]); // the scheme asked about before "talk to a person"
        Assert.False(File.Exists(Path.Combine(rig.DataDirectory, "callbacks.jsonl")));

        var status = await rig.Ngo.StatusAsync(s => (int?)s["today"]?["calls"] == 1, "today's counts in the status");
        var today = status["today"]!;
        Assert.Equal(1, (int?)today["languages"]!["en"]);
        Assert.Equal(1, (int?)today["intents"]!["scheme_info"]);
        Assert.Equal(1, (int?)today["questions_per_scheme"]!["pm-kisan"]);
        Assert.Equal(1, (int?)today["results"]!["caller_hung_up"]);
        Assert.Equal(1, (int?)today["lines"]!["phone"]);
        foreach (var m in rig.Ngo.Messages.Where(m => m.Topic != SyncTopics.Callbacks(rig.KioskId)))
        {
            Assert.DoesNotContain("9812345678", m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("pm kisan scheme", m.Text, StringComparison.Ordinal);
        }

        // Sent once: when the broker has it, the queue is empty and the day counts one request.
        var settled = await rig.Ngo.StatusAsync(s => (int?)s["today"]?["callback_requests"] >= 1 && (int?)s["queued_messages"] == 0, "the callback acknowledged");
        Assert.Equal(1, (int?)settled["today"]!["callback_requests"]);
        Assert.Single(rig.Ngo.Messages, m => m.Topic == SyncTopics.Callbacks(rig.KioskId));
    }

    [Fact]
    public void CallbackRelay_StoppedBeforeTheFileWasRemoved_QueuesEachRequestOnceAndKeepsBadLines()
    {
        using var dir = new TempDir();
        using var telemetry = new KioskTelemetry(dir.Path);
        var path = dir.File("callbacks.jsonl");
        var file = new CallbackFile(path);
        file.Request("+919800000001", "hi", "pm-kisan", DateTimeOffset.UtcNow);
        file.Request("+919800000002", "en", null, DateTimeOffset.UtcNow);
        File.AppendAllText(path, "{\"language\":\"hi\"}\nnot json at all\n");
        var content = File.ReadAllText(path);
        var log = new List<string>();
        var relay = new CallbackRelay(path, telemetry, log.Add);

        Assert.Equal(2, relay.Relay());
        File.WriteAllText(path, content); // as if the relay had died before removing the file
        Assert.Equal(0, relay.Relay());

        var queued = telemetry.Peek(10).Where(i => i.Kind == KioskTelemetry.KindCallbacks).Select(i => JsonNode.Parse(i.Payload)!).ToList();
        Assert.Equal(new[] { "+919800000001", "+919800000002" }, queued.Select(q => (string?)q["number"]));
        Assert.Equal(new[] { "pm-kisan", null }, queued.Select(q => (string?)q["scheme_id"]));
        Assert.False(File.Exists(path));
        Assert.Equal(4, File.ReadAllLines(relay.RejectedPath).Length); // two bad lines, from each of the two relays
        Assert.Contains(log, l => l.Contains("no number", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("not JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reopen_SnapshotWithANewScheme_NextCallsDialogueAndPocketsphinxGrammarKnowIt()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        var store = new SnapshotStore(data);
        var options = new CallOptions();
        var knowledge = SqliteKnowledgeBase.Open(store, () => File.ReadAllText(Seed.Path));
        using var stt = (PocketsphinxSpeechToText)CallServicesFactory.CreateSpeechToText(knowledge, options, _ => { }, whisperModel: null);
        var services = new CallServices
        {
            Dialogue = CallServicesFactory.CreateDialogue(knowledge, options),
            SpeechToText = stt,
            TextToSpeech = new EspeakTextToSpeech(),
            VoiceActivity = new Saarthi.Speech.Vad.EnergyVoiceActivityDetector(),
        };
        var log = new List<string>();
        var gate = new UpdateGate();
        using var serving = new ServingSnapshot(knowledge, services, () => SqliteKnowledgeBase.Open(new SnapshotStore(data), () => File.ReadAllText(Seed.Path)), options, gate, log.Add);
        Assert.DoesNotContain("gram jyoti", stt.Grammar.Jsgf, StringComparison.Ordinal);
        store.Import(WithGramJyoti(), "test");

        using (await gate.EnterUpdateAsync())
        {
            serving.Reopen(); // as sync does, with calls kept out
        }
        await serving.GrammarRefreshed.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("ngo-gram-jyoti", serving.SnapshotId);
        Assert.NotSame(services, serving.Services);
        Assert.Same(stt, serving.Services.SpeechToText);
        Assert.Contains("gram jyoti", stt.Grammar.Jsgf, StringComparison.Ordinal);
        var turn = serving.Services.Dialogue.Respond("what is the gram jyoti scheme", new ConversationState(), "en");
        Assert.Contains("gram-jyoti", turn.SchemeIds);
        Assert.Contains(log, l => l.StartsWith("knowledge: now serving ngo-gram-jyoti", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("speech recognition: grammar of ngo-gram-jyoti built in", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_NoBrokerOrUnusableSettings_NoSyncAndTheReasonIsLogged()
    {
        using var dir = new TempDir();
        var log = new List<string>();
        var knowledge = SqliteKnowledgeBase.Open(new SnapshotStore(dir.File("data")), () => File.ReadAllText(Seed.Path));
        var options = new CallOptions();
        var services = new CallServices
        {
            Dialogue = CallServicesFactory.CreateDialogue(knowledge, options),
            SpeechToText = new ScriptedSpeechToText(),
            TextToSpeech = new EspeakTextToSpeech(),
            VoiceActivity = new Saarthi.Speech.Vad.EnergyVoiceActivityDetector(),
        };
        using var serving = new ServingSnapshot(knowledge, services, () => throw new InvalidOperationException("not reopened here"), options, new UpdateGate(), log.Add);

        Assert.Null(KioskSync.Start(new ApplianceConfig(), dir.File("data"), new UpdateGate(), serving, log.Add));
        Assert.Null(KioskSync.Start(new ApplianceConfig { Sync = { Broker = "http://broker", NgoKeysDir = dir.Path } }, dir.File("data"), new UpdateGate(), serving, log.Add));
        Assert.Null(KioskSync.Start(new ApplianceConfig { Sync = { Broker = "mqtt://127.0.0.1:1883", NgoKeysDir = dir.File("no-keys") } }, dir.File("data"), new UpdateGate(), serving, log.Add));
        Assert.Null(KioskSync.Start(new ApplianceConfig { Sync = { Broker = "mqtt://127.0.0.1:1883", NgoKeysDir = dir.Path, PasswordFile = dir.File("missing") } }, dir.File("data"), new UpdateGate(), serving, log.Add));

        Assert.Null(KioskSync.Start(new ApplianceConfig { Sync = { Broker = "mqtts://127.0.0.1:8883", NgoKeysDir = dir.Path, CaFile = dir.File("no-ca.pem") } }, dir.File("data"), new UpdateGate(), serving, log.Add));

        Assert.Equal(5, log.Count(l => l.StartsWith("sync: ", StringComparison.Ordinal)));
        Assert.Contains(log, l => l.Contains("ca_file", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("no broker", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("no-keys", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("password_file", StringComparison.Ordinal));
    }

    /// <summary>The seed with PM-KISAN's amount changed from ₹6,000 to ₹9,000 (an NGO correction).</summary>
    private static string NineThousand(string snapshotId) => Seed.With(root =>
    {
        root["snapshot_id"] = snapshotId;
        var schemes = root["schemes"]!.AsArray();
        var index = schemes.ToList().FindIndex(s => (string?)s!["id"] == "pm-kisan");
        var edited = schemes[index]!.ToJsonString().Replace("6,000", "9,000", StringComparison.Ordinal).Replace("6000", "9000", StringComparison.Ordinal);
        schemes[index] = JsonNode.Parse(edited);
    });

    /// <summary>The seed with one more scheme.</summary>
    private static string WithGramJyoti() => Seed.With(root =>
    {
        root["snapshot_id"] = "ngo-gram-jyoti";
        var schemes = root["schemes"]!.AsArray();
        var added = JsonNode.Parse(Seed.Scheme(root, "pm-kisan").ToJsonString())!.AsObject();
        added["id"] = "gram-jyoti";
        added["names"] = new JsonObject { ["en"] = "Gram Jyoti Yojana", ["hi"] = "ग्राम ज्योति योजना", ["aliases"] = new JsonArray("Gram Jyoti") };
        schemes.Add(added);
        if (root["scheme_count"] is not null) root["scheme_count"] = schemes.Count;
    });
}

/// <summary>An <see cref="UpdateGate"/> that also tells when a swap is waiting for it (so a test knows the package is in).</summary>
internal sealed class WatchedGate : IUpdateGate
{
    private readonly UpdateGate _inner = new();
    private volatile bool _updateWaiting;

    public bool UpdateWaiting => _updateWaiting;

    public int ActiveCalls => _inner.ActiveCalls;

    public ValueTask<IDisposable> EnterCallAsync(CancellationToken cancellationToken = default) => _inner.EnterCallAsync(cancellationToken);

    public async ValueTask<IDisposable> EnterUpdateAsync(CancellationToken cancellationToken = default)
    {
        _updateWaiting = true;
        var held = await _inner.EnterUpdateAsync(cancellationToken);
        _updateWaiting = false;
        return held;
    }
}

/// <summary>What the NGO sees of one kiosk: every message on its topics, collected by a real MQTT client.</summary>
internal sealed class NgoView : IAsyncDisposable
{
    private readonly MqttLink _link;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Topic, string Text)> _messages = [];
    private readonly Task _reading;

    public NgoView(BrokerAddress broker, string kioskId)
    {
        _link = new MqttLink(new MqttLinkOptions { Broker = broker, ClientId = "ngo-view-" + Guid.NewGuid().ToString("N")[..8], ReconnectDelayMax = TimeSpan.FromSeconds(1) });
        _link.Subscribe($"saarthi/kiosk/{kioskId}/#", 1);
        _link.Start();
        _reading = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (await _link.NextAsync(TimeSpan.FromMilliseconds(200), _stop.Token) is MosquittoMessage m)
                {
                    lock (_messages) _messages.Add((m.Topic, Encoding.UTF8.GetString(m.Payload)));
                }
            }
        });
    }

    public IReadOnlyList<(string Topic, string Text)> Messages
    {
        get
        {
            lock (_messages) return [.. _messages];
        }
    }

    public async Task<(string Topic, string Text)> UntilAsync(Func<(string Topic, string Text), bool> match, string what, int seconds = 30)
    {
        (string, string)? found = null;
        await CallRig.Until(() => (found = Messages.Cast<(string, string)?>().FirstOrDefault(m => match(m!.Value))) is not null, what, seconds);
        return found!.Value;
    }

    public async Task<JsonObject> StatusAsync(Func<JsonObject, bool> match, string what, int seconds = 30)
    {
        JsonObject? found = null;
        await CallRig.Until(() =>
        {
            found = Messages.Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal))
                .Select(m => JsonNode.Parse(m.Text)!.AsObject()).LastOrDefault(match);
            return found is not null;
        }, what, seconds);
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _reading; }
        catch (OperationCanceledException) { }
        _link.Stop(TimeSpan.FromSeconds(1));
        _link.Dispose();
        _stop.Dispose();
    }
}

/// <summary>
/// The kiosk as `run` composes it — ServingSnapshot, the update gate held per call by the KioskHost, KioskSync — on
/// the fake modem, with a local mosquitto and a pinned NGO key; the recogniser is scripted (see <see cref="ScriptedSpeechToText"/>).
/// </summary>
internal sealed class KioskSyncRig : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ECDsa _ngoKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<CallRecord> _ended = [];
    private readonly List<string> _log = [];
    private Task? _serving;
    private KioskSync? _sync;

    private KioskSyncRig()
    {
        DataDirectory = _dir.File("data");
        Broker = LocalBroker.Start(new LocalBrokerOptions { Directory = _dir.File("broker") });
        Directory.CreateDirectory(_dir.File("keys"));
        File.WriteAllText(_dir.File("keys/ngo-public.pem"), _ngoKey.ExportSubjectPublicKeyInfoPem());
        Fake = FakeModem.OnPseudoTerminal();
        Modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), Fake.DevicePath, voicePort: Fake, options: new ModemOptions { PaceAudio = false }); // answers play as fast as they are made
    }

    public string KioskId { get; } = "kiosk-" + Guid.NewGuid().ToString("N")[..8];

    public string DataDirectory { get; }

    public LocalBroker Broker { get; }

    public NgoView Ngo { get; private set; } = null!;

    public FakeModem Fake { get; }

    public Modem Modem { get; }

    public WatchedGate Gate { get; } = new();

    public ServingSnapshot Serving { get; private set; } = null!;

    public KioskHost Host { get; private set; } = null!;

    public ScriptedSpeechToText Stt { get; } = new();

    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_log) return [.. _log];
        }
    }

    public static async Task<KioskSyncRig> StartAsync(bool brokerUp = true)
    {
        var rig = new KioskSyncRig();
        if (!brokerUp) rig.Broker.Stop();
        else await rig.ConnectNgoAsync();
        await rig.StartKioskAsync();
        return rig;
    }

    public async Task ConnectNgoAsync()
    {
        if (Ngo is not null) await Ngo.DisposeAsync();
        Ngo = new NgoView(Broker.Address, KioskId);
    }

    public byte[] Package(string json) => SnapshotPackage.Build(json, _ngoKey, new PackageBuildOptions());

    public Task PushAsync(byte[] package) =>
        PackagePusher.PushAsync(package, new PushOptions { Broker = Broker.Address, KioskId = KioskId, ChunkSize = 16 * 1024 });

    public async Task<KioskCall> CallInEnglishAsync(string callerId = "+919876543210")
    {
        await Fake.RingAsync(callerId);
        await CallRig.Until(() => Fake.Caller is not null && Fake.CallState == FakeCallState.Active, "the kiosk answers");
        await CallRig.Until(() => Host.Current?.State is CallState.Greeting or CallState.LanguageMenu, "the greeting");
        await Fake.PressKeysAsync("2");
        await CallRig.Until(() => Host.Current?.State == CallState.Listening, "listening after the language menu");
        return new KioskCall(Fake.Caller!, Host.Current!);
    }

    /// <summary>Says something (the recogniser is told what it will hear) and returns the kiosk's answer.</summary>
    public async Task<string> AskAsync(KioskCall call, string words, int seed = 1)
    {
        int before = call.Session.Record.Turns.Count;
        Stt.Will(words);
        await CallRig.SpeakAsync(call.Voice, TimeSpan.FromSeconds(1.2), seed);
        await CallRig.Until(() => call.Session.Record.Turns.Count > before && call.Session.State == CallState.Listening, $"the answer to '{words}'", 30);
        return call.Session.Record.Turns[before].Answer;
    }

    public async Task<CallRecord> EndedCallAsync(int count)
    {
        await CallRig.Until(() => { lock (_ended) return _ended.Count >= count; }, $"call {count} to end", 40);
        lock (_ended) return _ended[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        Log("dispose");
        await _stop.CancelAsync();
        if (_serving is not null)
        {
            try { await _serving.WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        }
        Log("host stopped");
        if (_sync is not null) await _sync.DisposeAsync();
        Log("sync stopped");
        if (Ngo is not null) await Ngo.DisposeAsync();
        Log("ngo stopped");
        File.WriteAllLines("/tmp/rig-" + KioskId + ".log", LogLines);
        await Modem.DisposeAsync();
        await Fake.DisposeAsync();
        Serving?.Services.CallerContexts?.Dispose();
        Serving?.Dispose();
        Broker.Dispose();
        _ngoKey.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }

    private void Log(string line)
    {
        lock (_log) _log.Add(DateTime.UtcNow.ToString("HH:mm:ss.fff") + " " + line);
    }

    private async Task StartKioskAsync()
    {
        SqliteKnowledgeBase Open() => SqliteKnowledgeBase.Open(new SnapshotStore(DataDirectory), () => File.ReadAllText(Seed.Path));
        var knowledge = Open();
        var options = new CallOptions { LanguageKeys = { ['1'] = "hi", ['2'] = "en" }, Helpline = "1800-000-1234" };
        var services = new CallServices
        {
            Dialogue = CallServicesFactory.CreateDialogue(knowledge, options),
            SpeechToText = Stt,
            TextToSpeech = new EspeakTextToSpeech(),
            VoiceActivity = new Saarthi.Speech.Vad.EnergyVoiceActivityDetector(),
            CallerIds = CallerIdHasher.FromSaltFile(Path.Combine(DataDirectory, "caller-id.salt")),
            CallerContexts = new CallerContextStore(Path.Combine(DataDirectory, "callers.db")),
            Callbacks = new CallbackFile(Path.Combine(DataDirectory, "callbacks.jsonl")),
        };
        Serving = new ServingSnapshot(knowledge, services, Open, options, Gate, Log);
        var config = new ApplianceConfig
        {
            KioskId = KioskId,
            Sync = { Broker = Broker.Address.ToString(), NgoKeysDir = _dir.File("keys"), StatusSeconds = 1, ReconnectMaxSeconds = 2 },
        };
        _sync = KioskSync.Start(config, DataDirectory, Gate, Serving, Log) ?? throw new InvalidOperationException("sync did not start: " + string.Join("; ", LogLines));
        await Modem.StartAsync(_stop.Token);
        Host = new KioskHost([Modem], () => Serving.Services, options, Gate, log: Log);
        _serving = Task.Run(() => Host.ServeAsync(r =>
        {
            _sync.CallEnded(r);
            lock (_ended) _ended.Add(r);
        }, cancellationToken: _stop.Token));
    }
}

/// <summary>The caller's end of a call and the kiosk's session for it.</summary>
internal sealed record KioskCall(Saarthi.Telephony.Voice.IVoiceChannel Voice, CallSession Session);
