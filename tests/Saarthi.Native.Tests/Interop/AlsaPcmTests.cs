using Saarthi.Native.Interop.Alsa;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

public sealed class AlsaPcmTests
{
    [Fact]
    public void LibraryVersion_DebianLibasound_Is128OrNewer()
    {
        var version = Version.Parse(AlsaPcm.LibraryVersion);

        Assert.True(version >= new Version(1, 2, 8), AlsaPcm.LibraryVersion);
    }

    [Fact]
    public void Write_ToneOnFilePcm_FileHoldsExactlyTheSamples()
    {
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        var tone = AlsaFilePcm.Tone(440, 4000);

        using (var pcm = AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback, new AlsaPcmSettings(8000, 1), config))
        {
            Assert.Equal(8000, pcm.SampleRate);
            Assert.True(pcm.PeriodFrames > 0 && pcm.BufferFrames >= pcm.PeriodFrames, $"{pcm.PeriodFrames}/{pcm.BufferFrames}");
            pcm.Write(tone.AsSpan(0, 1000));
            pcm.Write(tone.AsSpan(1000));
            pcm.Drain();
        }

        Assert.Equal(tone, files.ReadOutput());
    }

    [Fact]
    public void Write_AfterDropAndDrain_DeviceStaysUsable()
    {
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        var tone = AlsaFilePcm.Tone(1000, 480);

        using (var pcm = AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback, config: config))
        {
            pcm.Write(tone);
            pcm.Drop();
            pcm.Write(tone);
            pcm.Drain();
            pcm.Write(tone);
            pcm.Drain();
        }

        // The file plugin records what the application wrote, dropped or not.
        Assert.Equal(3 * tone.Length, files.ReadOutput().Length);
    }

    [Fact]
    public void Read_FromInfile_ReturnsTheSameSamplesInOrder()
    {
        using var files = new AlsaFilePcm();
        var expected = AlsaFilePcm.Tone(697, 1600);
        files.WriteInput(expected);
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using var pcm = AlsaPcm.Open(AlsaFilePcm.CaptureDevice, AlsaDirection.Capture, config: config);

        var got = new short[expected.Length];
        pcm.Read(got.AsSpan(0, 160));
        pcm.Read(got.AsSpan(160));

        Assert.Equal(expected, got);
    }

    [Fact]
    public void Read_StereoOddSampleCount_ArgumentErrorNamesTheFrames()
    {
        using var files = new AlsaFilePcm();
        files.WriteInput(new short[100]);
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using var pcm = AlsaPcm.Open(AlsaFilePcm.CaptureDevice, AlsaDirection.Capture, new AlsaPcmSettings(8000, 2), config);

        var e = Assert.Throws<ArgumentException>(() => pcm.Read(new short[3]));
        Assert.Contains("2-channel", e.Message);
    }

    [Fact]
    public void Read_CancelledToken_ThrowsOperationCanceled()
    {
        using var files = new AlsaFilePcm();
        files.WriteInput(new short[8000]);
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using var pcm = AlsaPcm.Open(AlsaFilePcm.CaptureDevice, AlsaDirection.Capture, config: config);

        Assert.Throws<OperationCanceledException>(() => pcm.Read(new short[160], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Write_OnCaptureDevice_InvalidOperationNamesTheDevice()
    {
        using var files = new AlsaFilePcm();
        files.WriteInput(new short[160]);
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using var pcm = AlsaPcm.Open(AlsaFilePcm.CaptureDevice, AlsaDirection.Capture, config: config);

        var e = Assert.Throws<InvalidOperationException>(() => pcm.Write(new short[160]));
        Assert.Contains(AlsaFilePcm.CaptureDevice, e.Message);
    }

    [Fact]
    public void Open_UnknownDeviceName_AlsaExceptionNamesDeviceAndCode()
    {
        var e = Assert.Throws<AlsaException>(() => AlsaPcm.Open("no_such_handset", AlsaDirection.Capture));

        Assert.Equal(-2, e.NativeCode);
        Assert.Equal(NativeLibraryNames.Asound, e.Library);
        Assert.Contains("'no_such_handset' for capture", e.Message);
        Assert.Contains("No such file or directory", e.Message);
        Assert.Contains("Unknown PCM", e.Message); // alsa-lib's own line, caught instead of printed to stderr
    }

    [Fact]
    public void Open_CaptureWhoseInfileIsMissing_AlsaExceptionInsteadOfSilence()
    {
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);

        var e = Assert.Throws<AlsaException>(() => AlsaPcm.Open(AlsaFilePcm.CaptureDevice, AlsaDirection.Capture, config: config));

        Assert.Contains(AlsaFilePcm.CaptureDevice, e.Message);
        Assert.True(e.NativeCode < 0);
    }

    [Fact]
    public void FromFile_Missing_FileNotFoundNamesThePath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => AlsaConfig.FromFile("/nonexistent/asound.conf"));

        Assert.Contains("/nonexistent/asound.conf", e.Message);
    }

    [Fact]
    public void FromText_BrokenSyntax_AlsaExceptionNamesTheSource()
    {
        var e = Assert.Throws<AlsaException>(() => AlsaConfig.FromText("pcm.broken { type file "));

        Assert.Contains("inline text", e.Message);
    }

    [Fact]
    public void Open_DeviceDefinedOnlyInOwnConfig_IsUnknownWithoutIt()
    {
        // The definitions are per device: the system configuration alone does not know the test PCM.
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using (AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback, config: config))
        {
        }

        var e = Assert.Throws<AlsaException>(() => AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback));
        Assert.Equal(-2, e.NativeCode);
    }

    // The null slave never under- or overruns, so these hand libasound the codes a sound card returns and check that
    // the recovery path (snd_pcm_recover → prepare/resume) leaves the device working.
    [Theory]
    [InlineData(32)] // EPIPE: underrun
    [InlineData(86)] // ESTRPIPE: suspended
    public void HandleShortfall_XrunOrSuspend_RecoversAndKeepsPlaying(int errno)
    {
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        var tone = AlsaFilePcm.Tone(440, 320);
        using (var pcm = AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback, config: config))
        {
            pcm.Write(tone);
            pcm.HandleShortfall(-errno, "write");
            pcm.Write(tone);
            pcm.Drain();

            Assert.Equal(1, pcm.Recoveries);
        }

        Assert.Equal(2 * tone.Length, files.ReadOutput().Length);
    }

    [Fact]
    public void HandleShortfall_IoError_AlsaExceptionNamesDeviceAndError()
    {
        using var files = new AlsaFilePcm();
        using var config = AlsaConfig.FromFile(files.ConfigPath);
        using var pcm = AlsaPcm.Open(AlsaFilePcm.PlaybackDevice, AlsaDirection.Playback, config: config);

        var e = Assert.Throws<AlsaException>(() => pcm.HandleShortfall(-5, "write"));

        Assert.Equal(-5, e.NativeCode);
        Assert.Contains($"write '{AlsaFilePcm.PlaybackDevice}'", e.Message);
        Assert.Contains("Input/output error", e.Message);
        Assert.Equal(0, pcm.Recoveries);
    }
}
