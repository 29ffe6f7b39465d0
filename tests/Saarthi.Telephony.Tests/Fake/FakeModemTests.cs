using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;
using Saarthi.Telephony.Tests.Support;
using Saarthi.Telephony.Voice;

namespace Saarthi.Telephony.Tests.Fake;

/// <summary>The fake modem as the demo uses it: on its own openpty pair, the Modem opening the slave like a ttyUSB.</summary>
public sealed class FakeModemTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnPseudoTerminal_ModemOpensTheSlave_WholeCallWorks()
    {
        await using var fake = FakeModem.OnPseudoTerminal();
        await using var modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), fake.DevicePath, fake,
            new ModemOptions { KeepAliveInterval = TimeSpan.Zero, PaceAudio = false });
        await Eventually.Within(modem.StartAsync(Ct), "the modem to start on the pty");
        await using var events = modem.EventsAsync(Ct).GetAsyncEnumerator(Ct);

        await fake.RingAsync("+919876543210", Ct);
        Assert.Equal(new CallLineEvent.IncomingCall("+919876543210"), await Eventually.Next(events, "the call"));
        await modem.AnswerAsync(Ct);
        var caller = fake.Caller!;
        var frame = new AudioFrame(AudioFormat.Telephone8k, new short[160], TimeSpan.Zero);
        await caller.WriteAsync(frame, Ct);
        await using var heard = modem.ListenAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(160, (await Eventually.Next(heard, "the caller's audio")).FrameCount);
        await fake.PressKeysAsync("2", cancellationToken: Ct);
        Assert.Equal(new CallLineEvent.Dtmf('2'), await Eventually.Next(events, "the key"));
        var sms = await modem.SendSmsAsync("+919876543210", "Apply at your Common Service Centre.", Ct);
        await fake.HangUpAsync(Ct);

        Assert.Equal(new CallLineEvent.RemoteHangup(Saarthi.Telephony.At.CallEndReason.VoiceCallEnd), await Eventually.Next(events, "the hang-up"));
        Assert.True(sms.Sent);
        Assert.Equal("Apply at your Common Service Centre.", Assert.Single(fake.Sms).Message.Text);
        Assert.StartsWith("/dev/pts/", fake.DevicePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_UnknownCommand_AnswersError()
    {
        await using var fake = FakeModem.OnPseudoTerminal();
        await using var channel = new Saarthi.Telephony.At.AtChannel(SerialPortStream.Open(fake.DevicePath!));

        var response = await channel.ExecuteAsync(new Saarthi.Telephony.At.AtCommand("AT+NOSUCH"), Ct);

        Assert.Equal(Saarthi.Telephony.At.AtFinal.Error, response.Final);
    }

    [Fact]
    public async Task Answer_NothingRinging_AnswersNoCarrier()
    {
        await using var fake = FakeModem.OnPseudoTerminal();
        await using var channel = new Saarthi.Telephony.At.AtChannel(SerialPortStream.Open(fake.DevicePath!));

        var response = await channel.ExecuteAsync(new Saarthi.Telephony.At.AtCommand("ATA"), Ct);

        Assert.Equal(Saarthi.Telephony.At.AtFinal.NoCarrier, response.Final);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await fake.OpenAsync(Ct));
    }

    [Fact]
    public async Task Restart_DuringCall_DropsTheCallAndRestoresPowerOnDefaults()
    {
        await using var fake = FakeModem.OnPseudoTerminal();
        await using var channel = new Saarthi.Telephony.At.AtChannel(SerialPortStream.Open(fake.DevicePath!));
        await channel.SendAsync("ATE0", cancellationToken: Ct);
        await channel.SendAsync("AT+DDET=1", cancellationToken: Ct);
        await fake.RingAsync("+911234567890", Ct);
        await channel.SendAsync("ATA", cancellationToken: Ct);
        var caller = fake.Caller!;

        await fake.RestartAsync(Ct);

        Assert.Equal(FakeCallState.Idle, fake.CallState);
        Assert.False(fake.DtmfReportsEnabled);
        Assert.Null(fake.Caller);
        await foreach (var _ in caller.ReadAsync(Ct))
        {
            Assert.Fail("the old call's audio should have ended");
        }
    }

    [Fact]
    public async Task VoiceLink_DisposeOneSide_EndsBothDirections()
    {
        var (kiosk, caller) = VoiceLink.Create(AudioFormat.Telephone8k);
        await kiosk.WriteAsync(new AudioFrame(AudioFormat.Telephone8k, new short[160], TimeSpan.Zero), Ct);

        await caller.DisposeAsync();

        var received = new List<AudioFrame>();
        await foreach (var f in caller.ReadAsync(Ct))
        {
            received.Add(f);
        }

        await foreach (var _ in kiosk.ReadAsync(Ct))
        {
            Assert.Fail("nothing was sent to the kiosk");
        }

        Assert.Single(received); // what was in flight is still delivered
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await kiosk.WriteAsync(new AudioFrame(AudioFormat.Wideband16k, new short[320], TimeSpan.Zero), Ct));
    }
}
