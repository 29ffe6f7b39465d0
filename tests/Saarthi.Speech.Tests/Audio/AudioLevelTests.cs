using FsCheck;
using FsCheck.Fluent;
using Saarthi.Speech.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class AudioLevelTests
{
    [Fact]
    public void RmsDbfs_FullScaleSine_IsMinus3Point01()
    {
        var sine = TestSignals.Sine(1000, 8000, 8000, amplitude: 1.0);

        Assert.Equal(-3.01f, AudioLevel.RmsDbfs(sine), 0.01f);
    }

    [Fact]
    public void RmsDbfs_FullScaleSquareOfShorts_IsZero()
    {
        var square = Enumerable.Range(0, 800).Select(i => i % 2 == 0 ? short.MinValue : (short)-32768).ToArray();

        Assert.Equal(0f, AudioLevel.RmsDbfs(square), 0.001f);
        Assert.Equal(1f, AudioLevel.Peak(square));
    }

    [Fact]
    public void RmsDbfs_Silence_IsFloorNotInfinity()
    {
        Assert.Equal(AudioLevel.SilenceDbfs, AudioLevel.RmsDbfs(new short[160]));
        Assert.Equal(AudioLevel.SilenceDbfs, AudioLevel.RmsDbfs(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void PeakDbfs_HalfScale_IsMinus6()
    {
        Assert.Equal(-6.02f, AudioLevel.PeakDbfs(new float[] { 0.1f, -0.5f, 0.2f }), 0.01f);
    }

    [Fact]
    public void FromDbfs_ToDbfs_RoundTrip()
    {
        foreach (var db in new[] { -90f, -40f, -20f, -3f, 0f })
        {
            Assert.Equal(db, AudioLevel.ToDbfs(AudioLevel.FromDbfs(db)), 0.001f);
        }
    }

    [Fact]
    public void FrameRmsDbfs_QuietThenLoud_ReportsEachFrame()
    {
        var quiet = SampleConvert.ToInt16(TestSignals.Sine(300, 8000, 160, amplitude: 0.01));
        var loud = SampleConvert.ToInt16(TestSignals.Sine(300, 8000, 100, amplitude: 0.5));
        var levels = new float[2];

        var n = AudioLevel.FrameRmsDbfs([.. quiet, .. loud], 160, levels);

        Assert.Equal(2, n);
        Assert.Equal(-43.0f, levels[0], 0.3f);
        Assert.Equal(-9.0f, levels[1], 0.6f);
    }

    [Fact]
    public void LevelMeter_NoiseWithSpeechBursts_FloorStaysNearNoise()
    {
        // 4 s: -50 dBFS noise throughout, with -20 dBFS bursts of 500 ms every second.
        var noise = TestSignals.WhiteNoise(32000, AudioLevel.FromDbfs(-50), seed: 4);
        for (var s = 0; s < 4; s++)
        {
            var burst = TestSignals.WhiteNoise(4000, AudioLevel.FromDbfs(-20), seed: 10 + s);
            for (var i = 0; i < burst.Length; i++)
            {
                noise[(s * 8000) + 2000 + i] += burst[i];
            }
        }

        var meter = new LevelMeter(8000);
        var readings = meter.Process(SampleConvert.ToInt16(noise));

        Assert.Equal(400, readings.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(10), readings[1].Timestamp);
        Assert.InRange(meter.NoiseFloorDbfs, -53f, -47f);
        var inBurst = readings[(8000 + 3000) / 80];
        Assert.True(inBurst.AboveFloorDb > 25, $"burst stands {inBurst.AboveFloorDb:F1} dB above floor");
    }

    [Fact]
    public void LevelMeter_OddChunks_SameReadingsAsOneCall()
    {
        var pcm = SampleConvert.ToInt16(TestSignals.WhiteNoise(5000, 0.1, seed: 6));
        var whole = new LevelMeter(8000).Process(pcm);

        var chunked = new LevelMeter(8000);
        var got = new List<LevelReading>();
        for (var i = 0; i < pcm.Length; i += 37)
        {
            chunked.Process(pcm.AsSpan(i, Math.Min(37, pcm.Length - i)), got);
        }

        Assert.Equal(whole, got);
    }
}

public sealed class AutomaticGainControlTests(ITestOutputHelper output)
{
    /// <summary>Speech-like test signal: noise with a syllable-rate envelope (about 10 dB of swing), scaled to an RMS.</summary>
    private static float[] SpeechLike(int length, float rmsDbfs, int seed)
    {
        var x = TestSignals.WhiteNoise(length, 1, seed);
        for (var n = 0; n < length; n++)
        {
            var t = n / 8000.0;
            var envelope = (0.7 * Math.Abs(Math.Sin(2 * Math.PI * 2 * t))) + 0.3; // 4 "syllables" a second
            x[n] *= (float)envelope;
        }

        var scale = AudioLevel.FromDbfs(rmsDbfs) / TestSignals.Rms(x);
        for (var n = 0; n < length; n++)
        {
            x[n] *= (float)scale;
        }

        return x;
    }

    [Theory]
    [InlineData(-40f)]
    [InlineData(-30f)]
    [InlineData(-8f)]
    public void Process_SteadySpeechLikeInput_SettlesWithin2DbOfTarget(float inputDbfs)
    {
        var x = SpeechLike(8000 * 6, inputDbfs, seed: 1);
        var agc = new AutomaticGainControl(8000);

        agc.Process(x);
        var settled = AudioLevel.RmsDbfs(x.AsSpan(8000 * 3));

        output.WriteLine($"{inputDbfs} dBFS in → {settled:F1} dBFS out (gain {agc.CurrentGainDb:F1} dB)");
        Assert.InRange(settled, -22f, -18f);
    }

    [Fact]
    public void Process_QuietThenSuddenFullScaleBurst_NeverExceedsCeiling()
    {
        var quiet = SpeechLike(8000 * 3, -45f, seed: 2);
        var burst = TestSignals.Sine(800, 8000, 4000, amplitude: 1.0);
        float[] x = [.. quiet, .. burst];
        var agc = new AutomaticGainControl(8000);

        agc.Process(x);

        var ceiling = AudioLevel.FromDbfs(-1f);
        Assert.True(AudioLevel.Peak(x) <= ceiling + 1e-6f, $"peak {AudioLevel.Peak(x)} above ceiling {ceiling}");
        Assert.True(agc.LimitedSamples > 0);
    }

    [Fact]
    public void Process_AnySignalAndScale_OutputPeakNeverAboveCeiling()
    {
        Prop.ForAll(Arb.From(Gen.Choose(-60, 6)), Arb.From(Gen.Choose(1, 1000)), (db, seed) =>
        {
            var x = SpeechLike(8000, db, seed);
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = Math.Clamp(x[i], -1f, 1f);
            }

            var options = new AgcOptions { CeilingDbfs = -3f };
            new AutomaticGainControl(8000, options).Process(x);
            return AudioLevel.Peak(x) <= AudioLevel.FromDbfs(-3f) + 1e-6f;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Process_BackgroundNoiseBelowGate_IsNotBoosted()
    {
        var x = TestSignals.WhiteNoise(8000 * 4, AudioLevel.FromDbfs(-65), seed: 3);
        var agc = new AutomaticGainControl(8000);

        agc.Process(x);

        Assert.Equal(0f, agc.CurrentGainDb, 0.01f);
        Assert.InRange(AudioLevel.RmsDbfs(x), -66f, -64f);
    }

    [Fact]
    public void Process_PauseAfterSpeech_HoldsGainInsteadOfPumpingNoise()
    {
        var speech = SpeechLike(8000 * 3, -35f, seed: 4);
        var pause = TestSignals.WhiteNoise(8000 * 2, AudioLevel.FromDbfs(-70), seed: 5);
        var agc = new AutomaticGainControl(8000);

        agc.Process(speech);
        var gainAfterSpeech = agc.CurrentGainDb;
        agc.Process(pause);

        Assert.Equal(gainAfterSpeech, agc.CurrentGainDb, 1f);
    }

    [Fact]
    public void Process_Int16Chunks_SameAsWholeBuffer()
    {
        var x = SampleConvert.ToInt16(SpeechLike(8000 * 2, -35f, seed: 6));
        var whole = (short[])x.Clone();
        new AutomaticGainControl(8000).Process(whole.AsSpan());

        var chunked = (short[])x.Clone();
        var agc = new AutomaticGainControl(8000);
        for (var i = 0; i < chunked.Length; i += 160)
        {
            agc.Process(chunked.AsSpan(i, Math.Min(160, chunked.Length - i)));
        }

        Assert.Equal(whole, chunked);
        Assert.NotEqual(x, whole);
    }

    [Fact]
    public void Constructor_MinAboveMax_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AutomaticGainControl(8000, new AgcOptions { MinGainDb = 10, MaxGainDb = 5 }));
    }
}
