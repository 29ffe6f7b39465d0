using System.Threading.Channels;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Handset;
using Saarthi.TestSupport;

namespace Saarthi.Telephony.Tests.Handset;

public sealed class HandsetLineTests
{
    /// <summary>A handset on a scripted hook line and file-backed ALSA devices, with its events read in the background.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;
        private readonly Channel<CallLineEvent> _events = Channel.CreateUnbounded<CallLineEvent>();

        public Rig(string? captureDevice = null, bool lifted = false)
        {
            Hook = new ScriptedGpioLine(lifted);
            Line = new HandsetLine(Hook, new HandsetOptions
            {
                CaptureDevice = captureDevice ?? AlsaFilePcm.CaptureDevice,
                PlaybackDevice = AlsaFilePcm.PlaybackDevice,
                Audio = new AlsaDeviceOptions { ConfigFile = Files.ConfigPath },
            }, line => { lock (Log) Log.Add(line); });
            _reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in Line.EventsAsync(_stop.Token)) _events.Writer.TryWrite(e);
                }
                catch (OperationCanceledException) { }
            });
        }

        public AlsaFilePcm Files { get; } = new();

        public ScriptedGpioLine Hook { get; }

        public HandsetLine Line { get; }

        public List<string> Log { get; } = [];

        public async Task<CallLineEvent> NextEventAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await _events.Reader.ReadAsync(timeout.Token);
        }

        public bool HasEvent => _events.Reader.TryPeek(out _);

        public async Task LiftAsync()
        {
            // Lifted before the hook switch's first read or after it: either way one call starts.
            Hook.Lift();
            Assert.Equal(new CallLineEvent.IncomingCall(null), await NextEventAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            await Line.DisposeAsync();
            Files.Dispose();
            _stop.Dispose();
        }
    }

    private static async Task CallRigUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("waited in vain for " + what);
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task EventsAsync_BouncingLiftThenPutDown_OneCallWithoutCallerIdThenHangup()
    {
        await using var rig = new Rig();

        await rig.LiftAsync();
        Assert.True(rig.Line.CallUp);
        rig.Hook.PutDown();

        Assert.Equal(new CallLineEvent.RemoteHangup(CallEndReason.NoCarrier), await rig.NextEventAsync());
        Assert.False(rig.Line.CallUp);
        Assert.False(rig.HasEvent);
    }

    [Fact]
    public async Task ListenAsync_AfterLift_FramesCarryTheMicrophoneSamples()
    {
        await using var rig = new Rig();
        var voice = AlsaFilePcm.Tone(440, 800);
        rig.Files.WriteInput(voice);
        await rig.LiftAsync();
        await rig.Line.AnswerAsync(TestContext.Current.CancellationToken);

        var frames = new List<AudioFrame>();
        await foreach (var f in rig.Line.ListenAsync(TestContext.Current.CancellationToken))
        {
            frames.Add(f);
            if (frames.Count == 5) break;
        }

        Assert.All(frames, f => Assert.Equal(AudioFormat.Telephone8k, f.Format));
        Assert.Equal(voice, frames.SelectMany(f => f.Samples.ToArray()).ToArray());
    }

    [Fact]
    public async Task PlayAsync_DuringCallThenKioskHangsUp_EarpieceGotEverySample()
    {
        await using var rig = new Rig();
        rig.Files.WriteInput(new short[160]);
        await rig.LiftAsync();
        var prompt = AlsaFilePcm.Tone(1000, 4000);

        await rig.Line.PlayAsync(new AudioFrame(AudioFormat.Telephone8k, prompt, TimeSpan.Zero), TestContext.Current.CancellationToken);
        await rig.Line.HangUpAsync(TestContext.Current.CancellationToken);

        Assert.Equal(prompt, rig.Files.ReadOutput());
        Assert.False(rig.Line.CallUp);
    }

    [Fact]
    public async Task PlayAsync_OnHook_DroppedAndNoDeviceOpened()
    {
        await using var rig = new Rig();

        await rig.Line.PlayAsync(new AudioFrame(AudioFormat.Telephone8k, new short[160], TimeSpan.Zero), TestContext.Current.CancellationToken);

        Assert.False(File.Exists(rig.Files.OutputPath));
    }

    [Fact]
    public async Task ListenAsync_HandsetPutDown_StreamEndsAndHangupReported()
    {
        await using var rig = new Rig();
        rig.Files.WriteInput(new short[8000]);
        await rig.LiftAsync();
        int frames = 0;
        var listening = Task.Run(async () =>
        {
            await foreach (var _ in rig.Line.ListenAsync(TestContext.Current.CancellationToken)) frames++;
        });
        await CallRigUntil(() => Volatile.Read(ref frames) > 0, "the first frame");

        rig.Hook.PutDown();

        Assert.IsType<CallLineEvent.RemoteHangup>(await rig.NextEventAsync());
        await listening.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HangUpAsync_HandsetStillLifted_QuietUntilPutDownAndLiftedAgain()
    {
        await using var rig = new Rig();
        await rig.LiftAsync();

        await rig.Line.HangUpAsync(TestContext.Current.CancellationToken);
        rig.Hook.PutDown();
        rig.Hook.Lift();

        // The put-down after the kiosk hung up is not a hang-up: the next event is the new lift.
        Assert.Equal(new CallLineEvent.IncomingCall(null), await rig.NextEventAsync());
    }

    [Fact]
    public async Task AnswerAsync_OnHook_InvalidOperation()
    {
        await using var rig = new Rig();

        await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Line.AnswerAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnswerAsync_MicrophoneNameWrong_AudioDeviceErrorNamesIt()
    {
        await using var rig = new Rig(captureDevice: "saarthi_no_such_mic");
        await rig.LiftAsync();

        var e = await Assert.ThrowsAsync<AudioDeviceException>(() => rig.Line.AnswerAsync(TestContext.Current.CancellationToken));

        Assert.Equal("saarthi_no_such_mic", e.Device);
        Assert.Contains("capture device 'saarthi_no_such_mic'", e.Message);
    }

    [Fact]
    public async Task SendSmsAsync_Any_NotSentAndSaysWhy()
    {
        await using var rig = new Rig();

        var result = await rig.Line.SendSmsAsync("+919876543210", "PM-KISAN: 6000 rupees a year", TestContext.Current.CancellationToken);

        Assert.False(result.Sent);
        Assert.Equal(0, result.Parts);
        Assert.Equal("the handset has no SMS", result.Error);
    }

    [Fact]
    public async Task HealthAsync_FileDevicesOnHook_ReadyAndSaysHookAndDevices()
    {
        await using var rig = new Rig();
        rig.Files.WriteInput(new short[160]);

        var health = await rig.Line.HealthAsync(TestContext.Current.CancellationToken);

        Assert.True(health.Ready, health.Detail);
        Assert.Contains("on its hook", health.Detail);
        Assert.Contains(AlsaFilePcm.CaptureDevice, health.Detail);
        Assert.Contains(AlsaFilePcm.PlaybackDevice, health.Detail);
    }

    [Fact]
    public async Task HealthAsync_MicrophoneMissing_NotReadyNamingIt()
    {
        await using var rig = new Rig(captureDevice: "saarthi_no_such_mic");

        var health = await rig.Line.HealthAsync(TestContext.Current.CancellationToken);

        Assert.False(health.Ready);
        Assert.Contains("saarthi_no_such_mic", health.Detail);
    }

    [Fact]
    public async Task DisposeAsync_Line_DisposesTheHookLine()
    {
        var rig = new Rig();
        await rig.DisposeAsync();

        Assert.True(rig.Hook.Disposed);
    }
}
