using Saarthi.Speech.Audio;
using Saarthi.TestSupport;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class AlsaDeviceTests
{
    private static AlsaDeviceOptions On(AlsaFilePcm files) => new() { ConfigFile = files.ConfigPath };

    [Fact]
    public async Task PlayAsync_8kToneOnFilePcm_OutputHoldsTheTone()
    {
        using var files = new AlsaFilePcm();
        var tone = AlsaFilePcm.Tone(440, 8000);

        using (var speaker = AlsaPlaybackDevice.Open(AlsaFilePcm.PlaybackDevice, On(files)))
        {
            foreach (var frame in AudioFrame.Split(AudioFormat.Telephone8k, tone, TimeSpan.FromMilliseconds(20)))
                await speaker.PlayAsync(frame);
            speaker.Drain();
        }

        Assert.Equal(tone, files.ReadOutput());
    }

    [Fact]
    public async Task PlayAsync_22kStereoFrame_ResampledToMono8kWithTheSamePitch()
    {
        using var files = new AlsaFilePcm();
        var mono = AlsaFilePcm.Tone(1000, 22050, rate: 22050);
        var stereo = new short[mono.Length * 2];
        for (int i = 0; i < mono.Length; i++) stereo[2 * i] = stereo[2 * i + 1] = mono[i];

        using (var speaker = AlsaPlaybackDevice.Open(AlsaFilePcm.PlaybackDevice, On(files)))
        {
            await speaker.PlayAsync(new AudioFrame(new AudioFormat(22050, 2, 16), stereo, TimeSpan.Zero));
            speaker.Drain();
        }

        var output = files.ReadOutput();
        Assert.InRange(output.Length, 7990, 8010); // one second at 8 kHz
        var middle = output.AsSpan(1000, 4000);
        Assert.True(Power(middle, 1000) > 100 * Power(middle, 700), "the 1 kHz tone dominates");
    }

    [Fact]
    public async Task PlayAsync_WavFilePcm_ProjectWavReaderFindsTheTone()
    {
        using var files = new AlsaFilePcm();
        var tone = AlsaFilePcm.Tone(697, 1600);

        using (var speaker = AlsaPlaybackDevice.Open(AlsaFilePcm.WavPlaybackDevice, On(files)))
        {
            await speaker.PlayAsync(new AudioFrame(AudioFormat.Telephone8k, tone, TimeSpan.Zero));
            speaker.Drain();
        }

        var wav = WavFile.Read(files.WavOutputPath);
        Assert.Equal(AudioFormat.Telephone8k, wav.Format);
        Assert.Equal(tone, wav.Samples.ToArray());
    }

    [Fact]
    public async Task ReadFramesAsync_Infile_SameSamplesIn20msFramesThenSilence()
    {
        using var files = new AlsaFilePcm();
        var speech = AlsaFilePcm.Tone(300, 800); // 100 ms
        files.WriteInput(speech);
        using var microphone = AlsaCaptureDevice.Open(AlsaFilePcm.CaptureDevice, On(files));

        var frames = new List<AudioFrame>();
        await foreach (var frame in microphone.ReadFramesAsync(TestContext.Current.CancellationToken))
        {
            frames.Add(frame);
            if (frames.Count == 8) break;
        }

        Assert.All(frames, f => Assert.Equal(AudioFormat.Telephone8k, f.Format));
        Assert.All(frames, f => Assert.Equal(160, f.FrameCount));
        Assert.Equal(TimeSpan.FromMilliseconds(100), frames[5].Timestamp);
        Assert.Equal(speech, frames.Take(5).SelectMany(f => f.Samples.ToArray()).ToArray());
        Assert.All(frames.Skip(5), f => Assert.All(f.Samples.ToArray(), s => Assert.Equal(0, s)));
    }

    [Fact]
    public async Task ReadFramesAsync_PacedWithClock_DeliversNoMoreThanTheClockAllows()
    {
        using var files = new AlsaFilePcm();
        files.WriteInput(new short[8000]);
        var clock = new ManualTimeProvider();
        using var microphone = AlsaCaptureDevice.Open(AlsaFilePcm.CaptureDevice, On(files) with { PaceWithClock = true, Time = clock });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        int count = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in microphone.ReadFramesAsync(cts.Token)) Interlocked.Increment(ref count);
        });
        // Without the clock moving, the first frame is read and the reader waits for its 20 ms to pass.
        while (Volatile.Read(ref count) < 1) await Task.Delay(5);
        for (int i = 0; i < 4; i++)
        {
            int before = Volatile.Read(ref count);
            clock.Advance(TimeSpan.FromMilliseconds(20));
            while (Volatile.Read(ref count) == before) await Task.Delay(5);
        }
        await cts.CancelAsync();
        try { await reading; } catch (OperationCanceledException) { }

        // 80 ms of clock: the first frame plus one per 20 ms, never a burst of the whole infile.
        Assert.Equal(5, count);
    }

    [Fact]
    public void Open_UnknownDevice_ErrorNamesDeviceAndDirection()
    {
        var e = Assert.Throws<AudioDeviceException>(() => AlsaCaptureDevice.Open("saarthi_no_such_mic"));

        Assert.Equal("saarthi_no_such_mic", e.Device);
        Assert.Contains("ALSA capture device 'saarthi_no_such_mic'", e.Message);
        Assert.Contains("No such file or directory", e.Message);
    }

    [Fact]
    public void Open_MissingConfigFile_ErrorNamesTheFile()
    {
        var e = Assert.Throws<AudioDeviceException>(() =>
            AlsaPlaybackDevice.Open("anything", new AlsaDeviceOptions { ConfigFile = "/nonexistent/saarthi-asound.conf" }));

        Assert.Contains("playback device 'anything'", e.Message);
        Assert.Contains("/nonexistent/saarthi-asound.conf", e.Message);
    }

    [Fact]
    public void Open_ShippedAsoundConfWithoutTheDongle_ParsesAndNamesTheMissingCard()
    {
        string? path = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "firmware-config", "asound.conf"))) path = Path.Combine(dir.FullName, "firmware-config", "asound.conf");
        Assert.NotNull(path);

        // The file is valid ALSA syntax (a syntax error would fail in snd_config_load); this machine has no sound card.
        var e = Assert.Throws<AudioDeviceException>(() => AlsaCaptureDevice.Open("saarthi_handset", new AlsaDeviceOptions { ConfigFile = path }));

        Assert.DoesNotContain("snd_config_load", e.Message);
        Assert.Contains("capture device 'saarthi_handset'", e.Message);
    }

    /// <summary>Goertzel power of <paramref name="hz"/> in 8 kHz samples.</summary>
    private static double Power(ReadOnlySpan<short> samples, int hz)
    {
        double coeff = 2 * Math.Cos(2 * Math.PI * hz / 8000.0), s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
