using Saarthi.Native.Interop.Libc;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;
using Saarthi.Telephony.Tests.Support;

namespace Saarthi.Telephony.Tests.Modems;

/// <summary>A Modem on one end of a socat pty pair and a FakeModem on the other, with the profile's real JSON.</summary>
internal sealed class ModemRig : IAsyncDisposable
{
    private ModemRig(SocatPair pair, FakeModem fake, Modem modem, IAsyncEnumerator<CallLineEvent> events, List<string> log)
    {
        Pair = pair;
        Fake = fake;
        Modem = modem;
        Events = events;
        Log = log;
    }

    public SocatPair Pair { get; }

    public FakeModem Fake { get; set; }

    public Modem Modem { get; }

    public IAsyncEnumerator<CallLineEvent> Events { get; }

    public List<string> Log { get; }

    public static async Task<ModemRig> StartAsync(
        string profile = "sim7600", FakeModemFlavor flavor = FakeModemFlavor.Sim7600, ModemOptions? options = null, TimeProvider? time = null, bool start = true)
    {
        var pair = await SocatPair.StartAsync();
        var fake = new FakeModem(SerialPortStream.Open(pair.PathB), new FakeModemOptions { Flavor = flavor });
        var log = new List<string>();
        options ??= new ModemOptions { KeepAliveInterval = TimeSpan.Zero, PaceAudio = false };
        options = options with { Log = m => { lock (log) { log.Add(m); } } };
        ModemRig? rig = null;
        var modem = new Modem(
            ModemProfile.Find(profile, FirmwareConfig.ModemsDirectory),
            _ => ValueTask.FromResult<Stream>(SerialPortStream.Open(pair.PathA)),
            new RigVoicePort(() => rig!.Fake),
            options,
            time);
        rig = new ModemRig(pair, fake, modem, modem.EventsAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(), log);
        if (start)
        {
            await Eventually.Within(modem.StartAsync(TestContext.Current.CancellationToken), "the modem to initialise");
        }

        return rig;
    }

    public Task<CallLineEvent> NextEventAsync(string what) => Eventually.Next(Events, what);

    public async Task<T> NextEventAsync<T>(string what)
        where T : CallLineEvent => Assert.IsType<T>(await NextEventAsync(what));

    /// <summary>Rings with a caller id, waits for the IncomingCall and answers.</summary>
    public async Task AnswerCallAsync(string callerId = "+919876543210")
    {
        await Fake.RingAsync(callerId, TestContext.Current.CancellationToken);
        Assert.Equal(callerId, (await NextEventAsync<CallLineEvent.IncomingCall>("the incoming call")).CallerId);
        await Eventually.Within(Modem.AnswerAsync(TestContext.Current.CancellationToken), "the answer");
    }

    public async ValueTask DisposeAsync()
    {
        await Modem.DisposeAsync();
        await Events.DisposeAsync();
        await Fake.DisposeAsync();
        await Pair.DisposeAsync();
    }

    /// <summary>The fake's voice port, found through the rig (the fake is replaced when a test swaps the pty).</summary>
    private sealed class RigVoicePort(Func<FakeModem> fake) : Saarthi.Telephony.Voice.IVoicePort
    {
        public ValueTask<Saarthi.Telephony.Voice.IVoiceChannel> OpenAsync(CancellationToken cancellationToken = default) =>
            fake().OpenAsync(cancellationToken);
    }
}

/// <summary>The repository's firmware-config folder (the tests read the real profile files).</summary>
internal static class FirmwareConfig
{
    public static string ModemsDirectory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "firmware-config", "modems");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("firmware-config/modems not found above " + AppContext.BaseDirectory);
    }
}
