namespace Saarthi.Appliance.Tests;

public sealed class AudioBenchCliTests
{
    [Fact]
    public void Run_BenchAudioOneSecond_PrintsFiguresWithSamplesIntactAndOneChangePerLift()
    {
        using var dir = new TempDir();

        var r = Cli.Run("bench", "--audio", "--seconds", "1", "--data", dir.Path);

        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("playback: 50 frames", r.Out);
        Assert.Contains("capture: 50 frames", r.Out);
        Assert.DoesNotContain("samples intact: NO", r.Out);
        Assert.Contains("one change each", r.Out);
        Assert.Contains("µs per 20 ms frame", r.Out);
    }
}
