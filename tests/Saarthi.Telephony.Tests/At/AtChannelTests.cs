using Saarthi.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Saarthi.Native.Interop.Libc;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Tests.Support;

namespace Saarthi.Telephony.Tests.At;

/// <summary>The AT channel against real peers: a fake modem or a scripted byte peer on the far end of a socat pty pair.</summary>
public sealed class AtChannelTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_EchoOn_ReturnsOnlyTheInformationLines()
    {
        await using var rig = await Rig.StartAsync();

        var response = await rig.Channel.SendAsync("AT+CGMM", cancellationToken: Ct);

        Assert.Equal(["SIMCOM_SIM7600G-H"], response.Lines);
        Assert.True(rig.Channel.Statistics.Echoes >= 1); // the fake starts with ATE1, as a modem does
    }

    [Fact]
    public async Task SendAsync_GarbageBeforeOk_Succeeds()
    {
        await using var rig = await Rig.StartAsync();
        var garbage = new byte[300];
        new Random(3).NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] is (byte)'\r' or (byte)'\n')
            {
                garbage[i] = 0xFF;
            }
        }

        rig.Fake.GarbageBeforeNextFinal(garbage, "AT+CSQ");
        var response = await rig.Channel.SendAsync("AT+CSQ", cancellationToken: Ct);

        Assert.Equal("23,99", response.Value("+CSQ:"));
        Assert.True(rig.Channel.Statistics.DroppedBytes > 0);
    }

    [Fact]
    public async Task SendAsync_OkSwallowed_TimesOutAndTheNextCommandWorks()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await Rig.StartAsync(clock);
        rig.Fake.SwallowNextFinal("AT+CSQ");
        var from = rig.Fake.Commands.Count;

        var lost = rig.Channel.SendAsync("AT+CSQ", TimeSpan.FromSeconds(5), Ct);
        await Eventually.Within(rig.Fake.WaitForCommandAsync("AT+CSQ", from, Ct), "the fake to receive AT+CSQ");
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(lost.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));

        var timeout = await Assert.ThrowsAsync<AtTimeoutException>(() => Eventually.Within(lost, "the timeout"));
        var next = await Eventually.Within(rig.Channel.SendAsync("AT+CGMM", cancellationToken: Ct), "the next command");

        Assert.Equal("AT+CSQ", timeout.Command);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.Timeout);
        Assert.Equal(["SIMCOM_SIM7600G-H"], next.Lines);
        var commands = rig.Fake.Commands.Skip(from).ToList();
        Assert.Equal(["AT+CSQ", "AT+CMEE?", "AT+CGMM"], commands); // resynchronised before the next command
    }

    [Fact]
    public async Task SendAsync_LateOkAfterTimeout_IsNotTakenForTheNextCommand()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await Rig.StartAsync(clock);
        rig.Fake.SwallowNextFinal("AT+CSQ");
        var lost = rig.Channel.SendAsync("AT+CSQ", TimeSpan.FromSeconds(5), Ct);
        await Eventually.Within(rig.Fake.WaitForCommandAsync("AT+CSQ", 0, Ct), "AT+CSQ");
        clock.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<AtTimeoutException>(() => Eventually.Within(lost, "the timeout"));

        // The lost OK turns up late, just before the answer to the resync probe; the next command then fails for real.
        rig.Fake.GarbageBeforeNextFinal(Encoding.ASCII.GetBytes("\r\nOK\r\n"), "AT+CMEE?");
        rig.Fake.FailNext("AT+CLIP=1", "ERROR");
        var error = await Assert.ThrowsAsync<AtCommandException>(() => Eventually.Within(rig.Channel.SendAsync("AT+CLIP=1", cancellationToken: Ct), "AT+CLIP=1"));

        Assert.Equal(AtFinal.Error, error.Final);
        Assert.True(rig.Channel.Statistics.StaleFinals >= 1);
    }

    [Fact]
    public async Task SendAsync_ModemSilentAfterTimeout_FailsFastWithoutSending()
    {
        var clock = new ManualTimeProvider();
        await using var rig = await Rig.StartAsync(clock);
        rig.Fake.Silent = true;
        var first = rig.Channel.SendAsync("AT", TimeSpan.FromSeconds(1), Ct);
        await Eventually.Within(rig.Fake.WaitForCommandAsync("AT", 0, Ct), "AT");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AtTimeoutException>(() => Eventually.Within(first, "the first timeout"));

        var second = rig.Channel.SendAsync("AT+CSQ", cancellationToken: Ct);
        await Eventually.Within(rig.Fake.WaitForCommandAsync("AT+CMEE?", 0, Ct), "the probe");
        clock.Advance(TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<AtTimeoutException>(() => Eventually.Within(second, "the probe timeout"));

        Assert.Contains("did not answer AT+CMEE?", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AT+CSQ", rig.Fake.Commands);
    }

    [Fact]
    public async Task SendAsync_Error_ThrowsAtCommandException()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fake.FailNext("AT+CLIP", "ERROR");

        var ex = await Assert.ThrowsAsync<AtCommandException>(() => rig.Channel.SendAsync("AT+CLIP=1", cancellationToken: Ct));

        Assert.Equal(AtFinal.Error, ex.Final);
        Assert.Equal("AT+CLIP=1", ex.Command);
    }

    [Fact]
    public async Task SendAsync_CmeError_ThrowsTypedErrorWithCodeAndText()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fake.FailNext("AT+CPIN?", "+CME ERROR: SIM not inserted");

        var ex = await Assert.ThrowsAsync<CmeErrorException>(() => rig.Channel.SendAsync("AT+CPIN?", cancellationToken: Ct));

        Assert.Equal(10, ex.Code);
        Assert.Equal("SIM not inserted", ex.Text);
    }

    [Fact]
    public async Task SendAsync_CmsError_ThrowsTypedError()
    {
        await using var rig = await Rig.StartAsync();

        var ex = await Assert.ThrowsAsync<CmsErrorException>(() =>
            rig.Channel.SendAsync(AtCommand.SmsSubmit(22, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", TimeSpan.FromSeconds(5)), Ct));

        Assert.Equal(304, ex.Code); // the declared length (22) is not the TPDU's (23)
        Assert.Equal("invalid PDU mode parameter", ex.Text);
    }

    [Fact]
    public async Task SendAsync_SmsSubmit_PromptThenPduThenMessageReference()
    {
        await using var rig = await Rig.StartAsync();

        var response = await rig.Channel.SendAsync(AtCommand.SmsSubmit(23, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", TimeSpan.FromSeconds(5)), Ct);

        Assert.Equal("1", response.Value("+CMGS:"));
        var sms = Assert.Single(rig.Fake.Sms);
        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", sms.Pdu);
        Assert.Equal("hellohello", sms.Message.Text);
    }

    [Fact]
    public async Task ExecuteAsync_QueuedCommands_RunOneAtATimeInOrder()
    {
        await using var rig = await Rig.StartAsync();
        var from = rig.Fake.Commands.Count;

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            rig.Channel.ExecuteAsync(new AtCommand(i % 2 == 0 ? "AT+CSQ" : "AT+CGMM"), Ct)));

        Assert.All(all, r => Assert.True(r.IsSuccess));
        Assert.Equal(10, all.Count(r => r.Value("+CSQ:") == "23,99"));
        Assert.Equal(10, all.Count(r => r.Lines.SequenceEqual(["SIMCOM_SIM7600G-H"])));
        Assert.Equal(20, rig.Fake.Commands.Count - from);
    }

    [Fact]
    public async Task Events_UrcsBetweenCommands_ArePublishedTyped()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Channel.SendAsync("AT+CLIP=1", cancellationToken: Ct);
        await using var events = rig.Channel.ReadEventsAsync(Ct).GetAsyncEnumerator(Ct);

        await rig.Fake.RingAsync("+919876543210", Ct);

        Assert.IsType<RingEvent>(await Eventually.Next(events, "RING"));
        Assert.Equal("+919876543210", Assert.IsType<CallerIdEvent>(await Eventually.Next(events, "+CLIP")).Number);
    }

    [Fact]
    public async Task SendAsync_ResponseDribbledByteByByteWithUrcs_IsParsed()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var channel = new AtChannel(SerialPortStream.Open(pair.PathA));
        using var peer = SerialPortStream.Open(pair.PathB);
        await using var events = channel.ReadEventsAsync(Ct).GetAsyncEnumerator(Ct);

        var sent = channel.SendAsync("AT+CSQ", cancellationToken: Ct);
        Assert.Equal("AT+CSQ\r", await ReadCommand(peer));
        foreach (var b in "\r\n+CSQ: 20,99\r\n\r\nRING\r\n\r\n+CREG: 1\r\n\r\n+RXDTMF: 9\r\n\r\nOK\r\n"u8.ToArray())
        {
            await peer.WriteAsync(new[] { b }, Ct);
        }

        var response = await Eventually.Within(sent, "AT+CSQ");
        Assert.Equal(["+CSQ: 20,99"], response.Lines);
        Assert.IsType<RingEvent>(await Eventually.Next(events, "RING"));
        Assert.IsType<RegistrationEvent>(await Eventually.Next(events, "+CREG"));
        Assert.Equal('9', Assert.IsType<DtmfReceivedEvent>(await Eventually.Next(events, "+RXDTMF")).Digit);
    }

    [Fact]
    public async Task SendAsync_ModemRestartsMidCommand_ThrowsModemResetAndPublishesReady()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fake.RestartOnNext("AT+CSQ");
        await using var events = rig.Channel.ReadEventsAsync(Ct).GetAsyncEnumerator(Ct);

        var ex = await Assert.ThrowsAsync<AtModemResetException>(() => Eventually.Within(rig.Channel.SendAsync("AT+CSQ", cancellationToken: Ct), "the reset"));

        Assert.Contains("RDY", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ModemReadyEvent>(await Eventually.Next(events, "RDY"));
        Assert.Equal(["SIMCOM_SIM7600G-H"], (await rig.Channel.SendAsync("AT+CGMM", cancellationToken: Ct)).Lines);
    }

    [Fact]
    public async Task SendAsync_PeerGone_FailsWithChannelClosed()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var channel = new AtChannel(SerialPortStream.Open(pair.PathA));
        using var peer = SerialPortStream.Open(pair.PathB);

        var pending = channel.SendAsync("AT", cancellationToken: Ct);
        await ReadCommand(peer);
        await pair.StopAsync();

        await Assert.ThrowsAsync<AtChannelClosedException>(() => Eventually.Within(pending, "the closed channel"));
        await Eventually.Within(channel.Completion, "the channel to complete");
        Assert.False(channel.IsOpen);
        await Assert.ThrowsAsync<AtChannelClosedException>(() => channel.SendAsync("AT", cancellationToken: Ct));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_LaterCommandsStillMatchTheirAnswers()
    {
        await using var rig = await Rig.StartAsync();
        rig.Fake.SwallowNextFinal("AT+CSQ"); // keeps AT+CSQ in flight until its timeout
        using var cts = new CancellationTokenSource();

        var cancelled = rig.Channel.SendAsync("AT+CSQ", TimeSpan.FromMilliseconds(300), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(["SIMCOM_SIM7600G-H"], (await rig.Channel.SendAsync("AT+CGMM", cancellationToken: Ct)).Lines);
    }

    [Fact]
    public async Task SendAsync_RoundTripOverPty_IsMeasured()
    {
        await using var rig = await Rig.StartAsync();
        await rig.Channel.SendAsync("ATE0", cancellationToken: Ct);
        var samples = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            var watch = Stopwatch.StartNew();
            await rig.Channel.SendAsync("AT", cancellationToken: Ct);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"AT round trip over a socat pty to the fake modem, 500 commands: p50 {samples[250]:F3} ms, p90 {samples[450]:F3} ms, p99 {samples[495]:F3} ms, max {samples[^1]:F3} ms");
        output.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        Assert.Equal(500, samples.Count);
    }

    private static async Task<string> ReadCommand(Stream peer)
    {
        var text = new StringBuilder();
        var buffer = new byte[64];
        while (!text.ToString().EndsWith('\r'))
        {
            var n = await Eventually.Within(peer.ReadAsync(buffer, Ct).AsTask(), "a command");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }

    /// <summary>An AtChannel on one end of a socat pair, a fake SIM7600 on the other.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly SocatPair _pair;

        private Rig(SocatPair pair, AtChannel channel, FakeModem fake)
        {
            _pair = pair;
            Channel = channel;
            Fake = fake;
        }

        public AtChannel Channel { get; }

        public FakeModem Fake { get; }

        public static async Task<Rig> StartAsync(TimeProvider? time = null)
        {
            var pair = await SocatPair.StartAsync();
            var fake = new FakeModem(SerialPortStream.Open(pair.PathB));
            var channel = new AtChannel(SerialPortStream.Open(pair.PathA), timeProvider: time);
            return new Rig(pair, channel, fake);
        }

        public async ValueTask DisposeAsync()
        {
            await Channel.DisposeAsync();
            await Fake.DisposeAsync();
            await _pair.DisposeAsync();
        }
    }
}
