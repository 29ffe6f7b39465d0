using System.Runtime.CompilerServices;
using Saarthi.Appliance.Call;
using Saarthi.Speech.Audio;
using Saarthi.Telephony;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Voice;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>The kiosk serving the fake modem (SIM) and the handset together: one caller at a time, newcomers hear the busy prompt.</summary>
public sealed class KioskHostLinesTests
{
    private static bool LogHas(CallRig rig, string text)
    {
        lock (rig.Log) return rig.Log.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Seconds of audible audio (above −40 dBFS per 20 ms) in <paramref name="samples"/> at 8 kHz.</summary>
    private static double AudibleSeconds(short[] samples) =>
        AudioFrame.Split(AudioFormat.Telephone8k, samples, TimeSpan.FromMilliseconds(20))
            .Count(f => AudioLevel.RmsDbfs(f.Samples.Span) > -40) * 0.02;

    private static async Task<short[]> HearUntilHungUpAsync(IVoiceChannel caller)
    {
        var heard = new List<short>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var frame in caller.ReadAsync(timeout.Token)) heard.AddRange(frame.Samples.ToArray());
        return [.. heard];
    }

    [Fact]
    public async Task Serve_HandsetLifted_SessionWithoutRingGreetsInTheEarpiece()
    {
        await using var rig = CallRig.StartWithHandset();

        rig.Hook!.Lift();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the greeting on the handset");

        Assert.Same(rig.Handset, rig.Host.CurrentLine);
        Assert.Equal("HandsetLifted", rig.Current!.States[0].Trigger);
        Assert.Equal("handset", rig.Current.Line);
        await CallRig.Until(() => AudibleSeconds(rig.HandsetFiles!.ReadOutput()) > 0.5, "the greeting in the earpiece");
        Assert.Equal(FakeCallState.Idle, rig.Fake.CallState);
    }

    [Fact]
    public async Task Serve_HandsetPutDown_CallEndsAsCallerHungUp()
    {
        await using var rig = CallRig.StartWithHandset();
        rig.Hook!.Lift();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the greeting");

        rig.Hook.PutDown();

        var record = await rig.EndedCallAsync();
        Assert.Equal("caller_hung_up", record.Result);
        Assert.Null(rig.Host.CurrentLine);
    }

    [Fact]
    public async Task Serve_SimRingsWhileHandsetInUse_CallerHearsBusyPromptAndHandsetCallGoesOn()
    {
        await using var rig = CallRig.StartWithHandset();
        rig.Hook!.Lift();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the handset call");

        var caller = await rig.RingAsync("+919812345678");
        var heard = await HearUntilHungUpAsync(caller);

        Assert.True(AudibleSeconds(heard) > 1.5, $"the busy prompt: {AudibleSeconds(heard):F2} s audible");
        await CallRig.Until(() => rig.Fake.CallState == FakeCallState.Idle, "the kiosk hangs the SIM caller up");
        Assert.Equal(1, rig.Host.TurnedAway);
        Assert.True(LogHas(rig, "busy prompt said"), "the log says the newcomer was told");
        Assert.Same(rig.Handset, rig.Host.CurrentLine);
        Assert.NotEqual(CallState.Ended, rig.State);
        Assert.Empty(rig.Ended);
    }

    [Fact]
    public async Task Serve_HandsetLiftedDuringSimCall_EarpieceHearsBusyPromptThenNextLiftIsServed()
    {
        await using var rig = CallRig.StartWithHandset();
        await rig.RingAsync();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the SIM call");

        rig.Hook!.Lift();
        await CallRig.Until(() => rig.Host.TurnedAway == 1 && !rig.Handset!.CallUp, "the busy prompt on the handset and its hang-up");

        Assert.True(AudibleSeconds(rig.HandsetFiles!.ReadOutput()) > 1.5, "the busy prompt in the earpiece");
        Assert.Same(rig.Modem, rig.Host.CurrentLine);
        Assert.Equal(FakeCallState.Active, rig.Fake.CallState);

        // The handset put down after the busy prompt is nobody's hang-up; the SIM call goes on until its caller leaves.
        rig.Hook.PutDown();
        await rig.Fake.HangUpAsync();
        var first = await rig.EndedCallAsync();
        Assert.Equal("caller_hung_up", first.Result);
        Assert.Equal("modem", first.Line.Split(':')[0]);

        rig.Hook.Lift();
        await CallRig.Until(() => rig.Host.CurrentLine == rig.Handset && rig.State is CallState.Greeting or CallState.LanguageMenu, "the handset served next");
        Assert.Equal(1, rig.Host.TurnedAway);
    }

    [Fact]
    public async Task Serve_HandsetMicrophoneMissing_NoSessionLogNamesDeviceAndSimStillServed()
    {
        await using var rig = CallRig.StartWithHandset(microphone: "saarthi_no_such_mic");

        rig.Hook!.Lift();
        await CallRig.Until(() => LogHas(rig, "cannot take the call"), "the handset refused");

        Assert.True(LogHas(rig, "capture device 'saarthi_no_such_mic'"), "the log names the device");
        Assert.Null(rig.Host.Current);
        Assert.False(rig.Handset!.CallUp);
        await rig.RingAsync();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the SIM call");
        Assert.Same(rig.Modem, rig.Host.CurrentLine);
        Assert.Equal(0, rig.Host.TurnedAway);
    }

    /// <summary>A line whose event stream breaks at once, as a modem whose serial port vanished.</summary>
    private sealed class BrokenLine : ICallLine
    {
        public string Name => "broken";

        public async IAsyncEnumerable<CallLineEvent> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new IOException("serial port gone");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }

        public Task AnswerAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task HangUpAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<SmsSendResult> SendSmsAsync(string number, string text, CancellationToken cancellationToken = default) => Task.FromResult(new SmsSendResult(false, 0, []));
        public async IAsyncEnumerable<AudioFrame> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken = default) { await Task.Yield(); yield break; }
        public Task PlayAsync(AudioFrame audio, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<LineHealth> HealthAsync(CancellationToken cancellationToken = default) => Task.FromResult(new LineHealth(false, false, null, null, null, "broken"));
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Serve_ModemLikeLineFails_ServingEndsWithItsErrorEvenWithAHandset()
    {
        await using var rig = CallRig.StartWithHandset();
        var host = new KioskHost([new BrokenLine(), rig.Handset!], rig.Services, rig.Options);

        var e = await Assert.ThrowsAsync<IOException>(() => host.ServeAsync(cancellationToken: TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal("serial port gone", e.Message);
    }
}
