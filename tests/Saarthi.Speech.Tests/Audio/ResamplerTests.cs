using FsCheck;
using FsCheck.Fluent;
using Saarthi.Speech.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class ResamplerTests(ITestOutputHelper output)
{
    private static readonly int[] Rates = [8000, 16000, 22050, 24000, 44100, 48000];

    public static TheoryData<int, int> RatePairs()
    {
        var data = new TheoryData<int, int>();
        foreach (var from in Rates)
        {
            foreach (var to in Rates)
            {
                if (from != to)
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    /// <summary>The middle of a resampled tone, away from the start/end transients.</summary>
    private static float[] Steady(float[] y, int rate) => y.AsSpan(rate / 10, y.Length - (rate / 5)).ToArray();

    [Fact]
    public void Resample_1kHzTone22050To8000_AmplitudeWithinHalfDb()
    {
        var x = TestSignals.Sine(1000, 22050, 22050, amplitude: 0.5);

        var y = Resampler.Resample(x, 22050, 8000);
        var (amplitude, _) = TestSignals.FitTone(Steady(y, 8000), 1000, 8000);

        var gainDb = TestSignals.Db(amplitude / 0.5);
        output.WriteLine($"1 kHz 22050→8000 gain: {gainDb:F4} dB");
        Assert.InRange(gainDb, -0.5, 0.5);
    }

    [Fact]
    public void Resample_1kHzTone22050To8000_ThdPlusNoiseBelowMinus40Db()
    {
        var x = TestSignals.Sine(1000, 22050, 22050, amplitude: 0.5);

        var y = Resampler.Resample(x, 22050, 8000);
        var (_, thdn) = TestSignals.FitTone(Steady(y, 8000), 1000, 8000);

        output.WriteLine($"1 kHz 22050→8000 THD+N: {thdn:F1} dB");
        Assert.True(thdn < -40, $"THD+N {thdn:F1} dB");
    }

    [Fact]
    public void Resample_1kHzTone22050To8000Via16BitPcm_ThdPlusNoiseBelowMinus40Db()
    {
        var x = SampleConvert.ToInt16(TestSignals.Sine(1000, 22050, 22050, amplitude: 0.5));

        var y = SampleConvert.ToFloat(Resampler.Resample(x, 22050, 8000));
        var (amplitude, thdn) = TestSignals.FitTone(Steady(y, 8000), 1000, 8000);

        output.WriteLine($"16-bit 1 kHz 22050→8000: gain {TestSignals.Db(amplitude / 0.5):F4} dB, THD+N {thdn:F1} dB");
        Assert.True(thdn < -40, $"THD+N {thdn:F1} dB");
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(4400)]
    [InlineData(7000)]
    [InlineData(10000)]
    public void Resample_ToneAbove4kHzAt22050To8000_AttenuatedAtLeast40Db(int frequency)
    {
        var x = TestSignals.Sine(frequency, 22050, 22050, amplitude: 0.5);

        var y = Resampler.Resample(x, 22050, 8000);
        var attenuation = TestSignals.Db(TestSignals.Rms(Steady(y, 8000)) / TestSignals.Rms(x));

        output.WriteLine($"{frequency} Hz 22050→8000 leaks through at {attenuation:F1} dB");
        Assert.True(attenuation <= -40, $"{frequency} Hz attenuated only {attenuation:F1} dB");
    }

    [Fact]
    public void Resample_3kHzTone8000To16000_ImageAt5kHzRejected()
    {
        var x = TestSignals.Sine(3000, 8000, 8000, amplitude: 0.5);

        var y = Steady(Resampler.Resample(x, 8000, 16000), 16000);
        var (amplitude, thdn) = TestSignals.FitTone(y, 3000, 16000);

        output.WriteLine($"3 kHz 8000→16000: gain {TestSignals.Db(amplitude / 0.5):F3} dB, residual (image at 5 kHz) {thdn:F1} dB");
        Assert.InRange(TestSignals.Db(amplitude / 0.5), -0.5, 0.5);
        Assert.True(thdn < -40, $"image/residual {thdn:F1} dB");
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Resample_1kHzToneAnyPair_KeepsAmplitudeAndIsClean(int from, int to)
    {
        var x = TestSignals.Sine(1000, from, from / 2, amplitude: 0.5);

        var y = Resampler.Resample(x, from, to);
        var (amplitude, thdn) = TestSignals.FitTone(Steady(y, to), 1000, to);

        Assert.Equal((long)Math.Ceiling(x.Length * (double)to / from), y.Length);
        Assert.InRange(TestSignals.Db(amplitude / 0.5), -0.1, 0.1);
        Assert.True(thdn < -60, $"{from}→{to}: THD+N {thdn:F1} dB");
    }

    [Theory]
    [InlineData(22050, 8000)]
    [InlineData(8000, 16000)]
    [InlineData(48000, 8000)]
    [InlineData(16000, 22050)]
    public void Resample_Tone_HasNoDelay(int from, int to)
    {
        // Output sample n must sit at input time n·from/to: compare with the ideal tone sampled at the new rate.
        var x = TestSignals.Sine(440, from, from / 2, amplitude: 0.5, phase: 0.3);

        var y = Steady(Resampler.Resample(x, from, to), to);
        var ideal = Steady(TestSignals.Sine(440, to, (int)Math.Ceiling(x.Length * (double)to / from), amplitude: 0.5, phase: 0.3), to);

        var worst = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(y[i] - ideal[i]));
        }

        Assert.True(worst < 1e-3, $"max deviation from ideal {worst}");
    }

    [Theory]
    [InlineData(22050, 8000)]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(44100, 8000)]
    [InlineData(8000, 22050)]
    public void Process_20msFrames_MatchesOneShot(int from, int to)
    {
        var x = TestSignals.WhiteNoise(from, 0.2, seed: 7);
        var expected = Resampler.Resample(x, from, to);

        var r = new Resampler(from, to);
        var got = new List<float>();
        var frame = from / 50;
        for (var i = 0; i < x.Length; i += frame)
        {
            got.AddRange(r.Process(x.AsSpan(i, Math.Min(frame, x.Length - i))));
        }

        got.AddRange(r.Flush());

        Assert.Equal(expected.Length, got.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - got[i]) < 1e-6, $"sample {i}: {expected[i]} vs {got[i]}");
        }
    }

    [Fact]
    public void Process_RandomChunkSizes_MatchesOneShot()
    {
        var x = TestSignals.WhiteNoise(6000, 0.2, seed: 3);
        var expected = Resampler.Resample(x, 22050, 8000);

        var chunkLists = Gen.ListOf(Gen.Choose(0, 700)).ToArbitrary();
        Prop.ForAll(chunkLists, sizes =>
        {
            var r = new Resampler(22050, 8000);
            var got = new List<float>();
            var at = 0;
            foreach (var size in sizes)
            {
                var n = Math.Min(size, x.Length - at);
                got.AddRange(r.Process(x.AsSpan(at, n)));
                at += n;
            }

            got.AddRange(r.Process(x.AsSpan(at)));
            got.AddRange(r.Flush());
            return got.Count == expected.Length && got.Select((v, i) => Math.Abs(v - expected[i]) < 1e-6).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Process_AudioFrames_StampsOutputAtOutputRate()
    {
        var r = new Resampler(16000, 8000);
        var pcm = SampleConvert.ToInt16(TestSignals.Sine(500, 16000, 16000));
        var frames = AudioFrame.Split(AudioFormat.Wideband16k, pcm, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5)).ToList();

        var outputs = frames.Select(r.Process).Where(f => f.FrameCount > 0).ToList();

        Assert.All(outputs, f => Assert.Equal(AudioFormat.Telephone8k, f.Format));
        Assert.Equal(TimeSpan.FromSeconds(5), outputs[0].Timestamp);
        for (var i = 1; i < outputs.Count; i++)
        {
            Assert.Equal(outputs[i - 1].End, outputs[i].Timestamp);
        }
    }

    [Fact]
    public async Task ResampleAsync_EspeakRateFrames_MatchesOneShotAndEndsOnTime()
    {
        var pcm = SampleConvert.ToInt16(TestSignals.WhiteNoise(22050, 0.2, seed: 11));
        var expected = Resampler.Resample(pcm, 22050, 8000);

        var got = new List<AudioFrame>();
        await foreach (var f in Resampler.ResampleAsync(Frames(), 8000, TestContext.Current.CancellationToken))
        {
            got.Add(f);
        }

        Assert.Equal(expected, got.SelectMany(f => f.Samples.ToArray()).ToArray());
        Assert.Equal(TimeSpan.FromSeconds(11), got[^1].End);
        Assert.All(got, f => Assert.Equal(AudioFormat.Telephone8k, f.Format));

        async IAsyncEnumerable<AudioFrame> Frames()
        {
            foreach (var f in AudioFrame.Split(AudioFormat.Espeak22k, pcm, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)))
            {
                await Task.Yield();
                yield return f;
            }
        }
    }

    [Fact]
    public void Process_SameRate_CopiesInput()
    {
        var x = TestSignals.WhiteNoise(1000, 0.3, seed: 1);

        var y = Resampler.Resample(x, 8000, 8000);

        Assert.Equal(x, y);
    }

    [Fact]
    public void Constructor_RatioNeedingTooManyPhases_ThrowsNamingRates()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Resampler(44101, 8000));

        Assert.Contains("44101", ex.Message);
    }

    [Fact]
    public void Process_AfterFlush_Throws()
    {
        var r = new Resampler(16000, 8000);
        r.Process(new float[100]);
        r.Flush();

        Assert.Throws<InvalidOperationException>(() => r.Process(new float[10]));
    }

    [Fact]
    public void Resample_DcInput_StaysAtUnityGain()
    {
        var x = Enumerable.Repeat(0.25f, 20000).ToArray();

        var y = Resampler.Resample(x, 44100, 8000);

        Assert.All(y.AsSpan(200, y.Length - 400).ToArray(), v => Assert.InRange(v, 0.2499f, 0.2501f));
    }
}
