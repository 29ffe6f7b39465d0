using Saarthi.TestSupport;
using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;
using Saarthi.Telephony.Sms;
using Saarthi.Telephony.Tests.Support;

namespace Saarthi.Telephony.Tests.Modems;

/// <summary>The modem driver end to end: real AtChannel and Modem code, a socat pty, the fake modem on the far end.</summary>
public sealed class ModemTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_Sim7600_SendsTheProfilesInitSequence()
    {
        await using var rig = await ModemRig.StartAsync();

        Assert.Equal(ModemLineState.Ready, rig.Modem.State);
        Assert.Equal(
            ["AT", "ATE0", "AT+CMEE=2", "AT+CLIP=1", "AT+CMGF=0", "AT+CNMI=2,1,0,0,0", "AT+CREG=2", "AT+CPCMFRM=0", "AT+DDET=1"],
            rig.Fake.Commands);
        Assert.True(rig.Fake.DtmfReportsEnabled);
    }

    [Fact]
    public async Task StartAsync_Ec25_EnablesQuectelDtmfAndUsbVoice()
    {
        await using var rig = await ModemRig.StartAsync("ec25", FakeModemFlavor.Ec25);

        Assert.Contains("AT+QTONEDET=1", rig.Fake.Commands);
        Assert.Contains("AT+QPCMV=1,0", rig.Fake.Commands);
        Assert.True(rig.Fake.DtmfReportsEnabled);
        Assert.True(rig.Fake.AudioRouted);
    }

    [Fact]
    public async Task StartAsync_OptionalStepRejected_StillReady()
    {
        // The EC25 profile on a SIM7600: its Quectel commands answer ERROR, and they are optional.
        await using var rig = await ModemRig.StartAsync("ec25", FakeModemFlavor.Sim7600);

        Assert.Equal(ModemLineState.Ready, rig.Modem.State);
        Assert.Contains(rig.Log, l => l.Contains("optional AT+QTONEDET=1 not accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_RequiredStepRejected_ThrowsInitialisationError()
    {
        await using var rig = await ModemRig.StartAsync(start: false, options: new ModemOptions { KeepAliveInterval = TimeSpan.Zero, InitAttempts = 1 });
        rig.Fake.FailNext("AT+CMGF=0", "+CME ERROR: operation not allowed");

        var ex = await Assert.ThrowsAsync<ModemInitializationException>(() => rig.Modem.StartAsync(Ct));

        Assert.Contains("AT+CMGF=0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("operation not allowed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SerialDeviceMissing_ThrowsClearErrorNamingIt()
    {
        await using var modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), "/dev/ttyUSB-saarthi-absent");

        var ex = await Assert.ThrowsAsync<SerialPortException>(() => modem.StartAsync(Ct));

        Assert.Equal(SerialPortError.NotFound, ex.Error);
        Assert.Contains("/dev/ttyUSB-saarthi-absent", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ModemLineState.Closed, modem.State);
    }

    [Fact]
    public async Task Events_RingWithClip_PublishesIncomingCallWithCallerId()
    {
        await using var rig = await ModemRig.StartAsync();

        await rig.Fake.RingAsync("+919876543210", Ct);

        Assert.Equal(new CallLineEvent.IncomingCall("+919876543210"), await rig.NextEventAsync("the incoming call"));
        Assert.Equal(ModemLineState.Ringing, rig.Modem.State);
    }

    [Fact]
    public async Task Events_WithheldNumber_PublishesIncomingCallWithoutCallerId()
    {
        await using var rig = await ModemRig.StartAsync();

        await rig.Fake.RingAsync(null, Ct);

        Assert.Equal(new CallLineEvent.IncomingCall(null), await rig.NextEventAsync("the incoming call"));
    }

    [Fact]
    public async Task Events_RingWithoutClip_PublishesIncomingCallAfterTheWait()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await ModemRig.StartAsync(time: clock);

        await rig.Fake.SendUrcAsync("RING", Ct);
        await Eventually.True(() => rig.Modem.State == ModemLineState.Ringing, "the modem to ring");
        var next = rig.Events.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.5));

        Assert.True(await Eventually.Within(next, "the incoming call"));
        Assert.Equal(new CallLineEvent.IncomingCall(null), rig.Events.Current);
    }

    [Fact]
    public async Task AnswerAsync_Ringing_SendsAtaRoutesAudioAndCarriesVoiceBothWays()
    {
        await using var rig = await ModemRig.StartAsync();
        var from = rig.Fake.Commands.Count;

        await rig.AnswerCallAsync();

        Assert.Equal(ModemLineState.InCall, rig.Modem.State);
        Assert.Equal(FakeCallState.Active, rig.Fake.CallState);
        Assert.Equal(["ATA", "AT+CPCMREG=1"], rig.Fake.Commands.Skip(from));
        Assert.True(rig.Fake.AudioRouted);

        var caller = rig.Fake.Caller!;
        var said = Tone(440, 0.02);
        await caller.WriteAsync(said, Ct);
        await using var heard = rig.Modem.ListenAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(said.Samples.ToArray(), (await Eventually.Next(heard, "the caller's frame")).Samples.ToArray());

        var reply = Tone(1000, 0.02);
        await rig.Modem.PlayAsync(reply, Ct);
        await using var kiosk = caller.ReadAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(reply.Samples.ToArray(), (await Eventually.Next(kiosk, "the kiosk's frame")).Samples.ToArray());
    }

    [Fact]
    public async Task AnswerAsync_NothingRinging_ThrowsInvalidOperation()
    {
        await using var rig = await ModemRig.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Modem.AnswerAsync(Ct));
    }

    [Fact]
    public async Task Events_Sim7600KeyPresses_PublishDtmfDigits()
    {
        await using var rig = await ModemRig.StartAsync();
        await rig.AnswerCallAsync();

        await rig.Fake.PressKeysAsync("12#*", cancellationToken: Ct);

        foreach (var key in "12#*")
        {
            Assert.Equal(new CallLineEvent.Dtmf(key), await rig.NextEventAsync($"key {key}"));
        }
    }

    [Fact]
    public async Task Events_Ec25KeyPresses_PublishDtmfDigitsFromAsciiCodes()
    {
        await using var rig = await ModemRig.StartAsync("ec25", FakeModemFlavor.Ec25);
        await rig.AnswerCallAsync();

        await rig.Fake.PressKeysAsync("9#0", cancellationToken: Ct);

        foreach (var key in "9#0")
        {
            Assert.Equal(new CallLineEvent.Dtmf(key), await rig.NextEventAsync($"key {key}"));
        }
    }

    [Fact]
    public async Task Events_CallerHangsUp_PublishesOneRemoteHangupAndEndsTheAudio()
    {
        await using var rig = await ModemRig.StartAsync();
        await rig.AnswerCallAsync();
        var listening = Drain(rig.Modem.ListenAsync(Ct));

        await rig.Fake.HangUpAsync(Ct); // SIM7600: VOICE CALL: END and then NO CARRIER

        Assert.Equal(new CallLineEvent.RemoteHangup(CallEndReason.VoiceCallEnd), await rig.NextEventAsync("the remote hang-up"));
        await Eventually.Within(listening, "the caller's audio to end");
        Assert.Equal(ModemLineState.Ready, rig.Modem.State);
        await rig.Fake.RingAsync("+919812345678", Ct); // the next event is the next call: NO CARRIER did not make a second hang-up
        Assert.Equal(new CallLineEvent.IncomingCall("+919812345678"), await rig.NextEventAsync("the next call"));
    }

    [Fact]
    public async Task Events_CallerGivesUpWhileRinging_PublishesRemoteHangup()
    {
        await using var rig = await ModemRig.StartAsync("ec25", FakeModemFlavor.Ec25);
        await rig.Fake.RingAsync("+919876543210", Ct);
        await rig.NextEventAsync<CallLineEvent.IncomingCall>("the incoming call");

        await rig.Fake.HangUpAsync(Ct);

        Assert.Equal(new CallLineEvent.RemoteHangup(CallEndReason.NoCarrier), await rig.NextEventAsync("the hang-up"));
    }

    [Fact]
    public async Task HangUpAsync_InCall_SendsChupAndPublishesNoRemoteHangup()
    {
        await using var rig = await ModemRig.StartAsync();
        await rig.AnswerCallAsync();
        var from = rig.Fake.Commands.Count;

        await rig.Modem.HangUpAsync(Ct);

        Assert.Equal(["AT+CHUP", "AT+CPCMREG=0"], rig.Fake.Commands.Skip(from));
        Assert.Equal(FakeCallState.Idle, rig.Fake.CallState);
        Assert.Equal(ModemLineState.Ready, rig.Modem.State);
        await rig.Fake.RingAsync("+919812345678", Ct);
        Assert.Equal(new CallLineEvent.IncomingCall("+919812345678"), await rig.NextEventAsync("the next call"));
    }

    [Fact]
    public async Task HangUpAsync_ChupRejected_FallsBackToAth()
    {
        await using var rig = await ModemRig.StartAsync();
        await rig.AnswerCallAsync();
        rig.Fake.FailNext("AT+CHUP", "ERROR");
        var from = rig.Fake.Commands.Count;

        await rig.Modem.HangUpAsync(Ct);

        Assert.Equal(["AT+CHUP", "ATH", "AT+CPCMREG=0"], rig.Fake.Commands.Skip(from));
        Assert.Equal(FakeCallState.Idle, rig.Fake.CallState);
    }

    [Fact]
    public async Task SendSmsAsync_ClassicText_FakeModemReceivesTheExactPdu()
    {
        await using var rig = await ModemRig.StartAsync();
        var from = rig.Fake.Commands.Count;

        var result = await rig.Modem.SendSmsAsync("+46708251358", "hellohello", Ct);

        Assert.True(result.Sent);
        Assert.Equal([1], result.MessageReferences);
        Assert.Equal(["AT+CMGS=23"], rig.Fake.Commands.Skip(from));
        var sms = Assert.Single(rig.Fake.Sms);
        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", sms.Pdu);
        Assert.Equal(23, sms.DeclaredLength);
    }

    [Fact]
    public async Task SendSmsAsync_LongHindiText_SendsConcatenatedUcs2Parts()
    {
        await using var rig = await ModemRig.StartAsync();
        var text = string.Concat(Enumerable.Repeat("पीएम किसान योजना में हर साल छह हज़ार रुपये मिलते हैं। ", 3));

        var result = await rig.Modem.SendSmsAsync("+919876543210", text, Ct);

        Assert.True(result.Sent);
        Assert.Equal(3, result.Parts);
        Assert.Equal([1, 2, 3], result.MessageReferences);
        var parts = rig.Fake.Sms.Select(s => s.Message).ToList();
        Assert.All(parts, p => Assert.Equal(SmsEncoding.Ucs2, p.Encoding));
        Assert.All(parts, p => Assert.Equal("+919876543210", p.Address));
        Assert.Single(parts.Select(p => p.Concat!.Value.Reference).Distinct());
        Assert.Equal([1, 2, 3], parts.Select(p => p.Concat!.Value.Sequence));
        Assert.Equal(text, Assert.Single(SmsPduDecoder.Reassemble(parts)).Text);
    }

    [Fact]
    public async Task SendSmsAsync_NetworkRefuses_ReturnsNotSentWithTheError()
    {
        await using var rig = await ModemRig.StartAsync();
        rig.Fake.FailNext("", "+CMS ERROR: 330"); // applies to the AT+CMGS that comes next

        var result = await rig.Modem.SendSmsAsync("+919876543210", "hello", Ct);

        Assert.False(result.Sent);
        Assert.Contains("SMSC address unknown", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendSmsAsync_BadNumber_ReturnsNotSentWithoutTouchingTheModem()
    {
        await using var rig = await ModemRig.StartAsync();
        var from = rig.Fake.Commands.Count;

        var result = await rig.Modem.SendSmsAsync("not a number", "hello", Ct);

        Assert.False(result.Sent);
        Assert.Equal(from, rig.Fake.Commands.Count);
    }

    [Fact]
    public async Task HealthAsync_RegisteredModem_ReportsSimRegistrationSignalAndOperator()
    {
        await using var rig = await ModemRig.StartAsync();

        var health = await rig.Modem.HealthAsync(Ct);

        Assert.True(health.Ready);
        Assert.True(health.SimReady);
        Assert.True(health.Registered);
        Assert.False(health.Roaming);
        Assert.Equal(-67, health.SignalDbm);
        Assert.Equal("Saarthi Test Network", health.Operator);
        Assert.Equal("registered (home), -67 dBm, Saarthi Test Network", health.Detail);
    }

    [Fact]
    public async Task Events_ModemRestartsMidCall_PublishesResetAndReinitialisesTheSameLine()
    {
        await using var rig = await ModemRig.StartAsync();
        await rig.AnswerCallAsync();
        var listening = Drain(rig.Modem.ListenAsync(Ct));
        var from = rig.Fake.Commands.Count;

        await rig.Fake.RestartAsync(Ct);

        var reset = await rig.NextEventAsync<CallLineEvent.Reset>("the reset");
        Assert.True(reset.CallWasUp);
        Assert.Contains("RDY", reset.Detail, StringComparison.Ordinal);
        await Eventually.Within(listening, "the old call's audio to end");
        await Eventually.True(() => rig.Modem.State == ModemLineState.Ready, "the modem to be ready again");
        Assert.Equal(1, rig.Modem.Resets);
        var again = rig.Fake.Commands.Skip(from).ToList();
        Assert.Equal(["AT", "ATE0", "AT+CMEE=2", "AT+CLIP=1", "AT+CMGF=0", "AT+CNMI=2,1,0,0,0", "AT+CREG=2", "AT+CPCMFRM=0", "AT+DDET=1"], again);

        await rig.AnswerCallAsync("+919812345678"); // the same Modem object takes the next call
        await rig.Fake.PressKeysAsync("5", cancellationToken: Ct);
        Assert.Equal(new CallLineEvent.Dtmf('5'), await rig.NextEventAsync("a key on the new call"));
    }

    [Fact]
    public async Task Events_ModemFallsSilent_PublishesResetAndRecoversWhenItAnswers()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await ModemRig.StartAsync(time: clock, options: new ModemOptions
        {
            KeepAliveInterval = TimeSpan.FromSeconds(30),
            KeepAliveTimeout = TimeSpan.FromSeconds(3),
            MissedKeepAlivesBeforeReset = 2,
            PaceAudio = false,
        });
        rig.Fake.Silent = true;

        var next = rig.Events.MoveNextAsync().AsTask();
        await Eventually.True(() => next.IsCompleted, "the silence to be noticed", clock, TimeSpan.FromSeconds(1));
        var reset = Assert.IsType<CallLineEvent.Reset>(rig.Events.Current);
        Assert.Contains("silent", reset.Detail, StringComparison.Ordinal);
        Assert.Equal(ModemLineState.Recovering, rig.Modem.State);

        var from = rig.Fake.Commands.Count;
        rig.Fake.Silent = false;
        await Eventually.True(() => rig.Modem.State == ModemLineState.Ready, "the modem to recover", clock, TimeSpan.FromSeconds(1));
        Assert.Contains("AT+CLIP=1", rig.Fake.Commands.Skip(from)); // re-initialised
        Assert.Equal(1, rig.Modem.Resets);
    }

    [Fact]
    public async Task Events_SerialPortVanishes_ReopensReinitialisesAndPublishesReset()
    {
        await using var rig = await ModemRig.StartAsync(options: new ModemOptions
        {
            KeepAliveInterval = TimeSpan.Zero,
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            PaceAudio = false,
        });
        var directory = Path.GetDirectoryName(rig.Pair.PathA)!;

        await rig.Pair.StopAsync(); // the USB device re-enumerates: both ends hang up
        var reset = await rig.NextEventAsync<CallLineEvent.Reset>("the reset");
        Assert.Contains("serial port closed", reset.Detail, StringComparison.Ordinal);
        await using var pair = await SocatPair.StartAsync(directory);
        var oldFake = rig.Fake;
        rig.Fake = new FakeModem(SerialPortStream.Open(pair.PathB));
        await oldFake.DisposeAsync();

        await Eventually.True(() => rig.Modem.State == ModemLineState.Ready, "the modem to come back");
        Assert.Contains("AT+DDET=1", rig.Fake.Commands);
        await rig.AnswerCallAsync();
    }

    [Fact]
    public async Task PlayAsync_NoCall_IsDropped()
    {
        await using var rig = await ModemRig.StartAsync();

        await rig.Modem.PlayAsync(Tone(440, 0.02), Ct);

        Assert.Empty(await Drain(rig.Modem.ListenAsync(Ct)));
    }

    [Fact]
    public async Task PlayAsync_Paced_DoesNotRunAheadOfRealTime()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await ModemRig.StartAsync(time: clock, options: new ModemOptions
        {
            KeepAliveInterval = TimeSpan.Zero,
            PaceAudio = true,
            PlaybackLead = TimeSpan.FromMilliseconds(100),
        });
        await rig.AnswerCallAsync();

        for (var i = 0; i < 6; i++)
        {
            await rig.Modem.PlayAsync(Tone(440, 0.02), Ct); // frames starting at 0..100 ms: within the 100 ms lead
        }

        var seventh = rig.Modem.PlayAsync(Tone(440, 0.02), Ct); // starts at 120 ms: due 20 ms from now
        await Task.Delay(50, Ct);
        Assert.False(seventh.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await Eventually.Within(seventh, "the paced frame");
    }

    private static AudioFrame Tone(double hz, double seconds)
    {
        var format = AudioFormat.Telephone8k;
        var samples = new short[(int)(format.SampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * hz * i / format.SampleRate));
        }

        return new AudioFrame(format, samples, TimeSpan.Zero);
    }

    private static async Task<List<AudioFrame>> Drain(IAsyncEnumerable<AudioFrame> frames)
    {
        var all = new List<AudioFrame>();
        await foreach (var frame in frames)
        {
            all.Add(frame);
        }

        return all;
    }
}
