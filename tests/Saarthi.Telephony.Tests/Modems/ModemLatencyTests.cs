using System.Diagnostics;
using System.Globalization;
using Saarthi.Telephony.Modems;
using Saarthi.Telephony.Tests.Support;

namespace Saarthi.Telephony.Tests.Modems;

/// <summary>Figures for the report (printed, never asserted): how long the call path takes over a socat pty.</summary>
public sealed class ModemLatencyTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallPath_OverSocatPty_IsMeasured()
    {
        await using var rig = await ModemRig.StartAsync(start: false);
        var init = Stopwatch.StartNew();
        await rig.Modem.StartAsync(Ct);
        init.Stop();
        var ring = new List<double>();
        var answer = new List<double>();
        var key = new List<double>();
        var hangup = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await rig.Fake.RingAsync("+919876543210", Ct);
            await rig.NextEventAsync<CallLineEvent.IncomingCall>("the call");
            ring.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await rig.Modem.AnswerAsync(Ct);
            answer.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await rig.Fake.PressKeysAsync("5", cancellationToken: Ct);
            await rig.NextEventAsync<CallLineEvent.Dtmf>("the key");
            key.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await rig.Fake.HangUpAsync(Ct);
            await rig.NextEventAsync<CallLineEvent.RemoteHangup>("the hang-up");
            hangup.Add(watch.Elapsed.TotalMilliseconds);
        }

        var report = string.Create(CultureInfo.InvariantCulture,
            $"Modem over a socat pty: StartAsync (open + AT + 8 init commands) {init.Elapsed.TotalMilliseconds:F1} ms; median of 20 calls: " +
            $"RING+CLIP → IncomingCall {Median(ring):F2} ms, AnswerAsync (ATA + AT+CPCMREG=1 + voice path) {Median(answer):F2} ms, " +
            $"+RXDTMF → Dtmf {Median(key):F2} ms, VOICE CALL: END/NO CARRIER → RemoteHangup {Median(hangup):F2} ms");
        output.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.Equal(20, ring.Count);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
