using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Xunit;
using static Saarthi.Speech.Tests.Dtmf.DtmfTestKit;

namespace Saarthi.Speech.Tests.Dtmf;

public sealed class DtmfDetectorTests(ITestOutputHelper output)
{
    private const string AllKeys = DtmfKeypad.Keys;

    public static TheoryData<char> EveryKey() => [.. AllKeys];

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(11025)]
    public void Process_All16KeysClean_DetectsEachOnceInOrderWithTimestamps(int rate)
    {
        var options = new DtmfToneOptions { LeadingSilence = TimeSpan.FromMilliseconds(100) };
        var x = DtmfGenerator.Generate(AllKeys, rate, options);

        var digits = Detect(x, rate);

        Assert.Equal(AllKeys, Keys(digits));
        for (var i = 0; i < digits.Count; i++)
        {
            var expected = TimeSpan.FromMilliseconds(100 + (i * 140));
            Assert.InRange(digits[i].Timestamp, expected - TimeSpan.FromMilliseconds(6), expected + TimeSpan.FromMilliseconds(6));
        }
    }

    [Fact]
    public void Process_All16KeysInWhiteNoiseAt10DbSnr_AllDetectedNoExtras()
    {
        var options = new DtmfToneOptions
        {
            ToneDuration = TimeSpan.FromMilliseconds(50),
            GapDuration = TimeSpan.FromMilliseconds(50),
            LeadingSilence = TimeSpan.FromMilliseconds(50),
            LevelDbfs = -20,
        };
        var clean = DtmfGenerator.Generate(AllKeys, 8000, options);
        var detected = 0;
        const int trials = 25;

        for (var seed = 0; seed < trials; seed++)
        {
            var digits = Detect(WithNoise(clean, options.LevelDbfs, 10, seed), 8000);
            Assert.Equal(AllKeys, Keys(digits));
            detected += digits.Count;
        }

        output.WriteLine($"10 dB SNR, 50 ms tones: {detected}/{trials * 16} digits detected");
    }

    [Fact]
    public void Process_All16KeysInWhiteNoiseAt10DbSnrAt16kHz_AllDetected()
    {
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(60), LevelDbfs = -20 };
        var clean = DtmfGenerator.Generate(AllKeys, 16000, options);

        for (var seed = 0; seed < 5; seed++)
        {
            Assert.Equal(AllKeys, Keys(Detect(WithNoise(clean, options.LevelDbfs, 10, 100 + seed), 16000)));
        }
    }

    [Fact]
    public void Process_TonesThroughMuLaw_AllDetected()
    {
        var pcm = DtmfGenerator.GeneratePcm(AllKeys, 8000, new DtmfToneOptions { LevelDbfs = -25 });
        var codes = new byte[pcm.Length];
        G711.MuLawEncode(pcm, codes);
        G711.MuLawDecode(codes, pcm);

        var detector = new DtmfDetector(8000);
        var digits = new List<DtmfDigit>();
        detector.Process(pcm.AsSpan(), digits);

        Assert.Equal(AllKeys, Keys(digits));
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Process_40msTone_AcceptedAtEveryAlignment(char key)
    {
        for (var offset = 0; offset < 32; offset += 3)
        {
            var x = SingleTone(key, 8000, 400 + offset, 320);

            Assert.Equal(key.ToString(), Keys(Detect(x, 8000)));
        }
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Process_40msToneIn20DbNoise_Accepted(char key)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var x = WithNoise(SingleTone(key, 8000, 400 + (seed * 7), 320, new DtmfToneOptions { LevelDbfs = -20 }), -20, 20, seed);

            Assert.Equal(key.ToString(), Keys(Detect(x, 8000)));
        }
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Process_22msTone_RejectedAtEveryAlignment(char key)
    {
        for (var offset = 0; offset < 32; offset += 3)
        {
            var x = SingleTone(key, 8000, 400 + offset, 176);

            Assert.Empty(Detect(x, 8000));
        }
    }

    [Fact]
    public void Process_ToneDurationSweep_ThresholdBetween23And40Ms()
    {
        // Shortest duration accepted at every alignment, and longest rejected at every alignment.
        int? shortestAlwaysAccepted = null;
        var longestAlwaysRejected = 0;
        for (var ms = 15; ms <= 45; ms++)
        {
            var accepted = 0;
            const int alignments = 16;
            for (var k = 0; k < alignments; k++)
            {
                var key = AllKeys[k];
                var x = SingleTone(key, 8000, 400 + (k * 2), ms * 8);
                accepted += Detect(x, 8000).Count;
            }

            if (accepted == 0)
            {
                longestAlwaysRejected = ms;
            }

            if (accepted == alignments && shortestAlwaysAccepted is null)
            {
                shortestAlwaysAccepted = ms;
            }
        }

        output.WriteLine($"always rejected up to {longestAlwaysRejected} ms, always accepted from {shortestAlwaysAccepted} ms");
        Assert.True(longestAlwaysRejected >= 23, $"a {longestAlwaysRejected + 1} ms tone was accepted");
        Assert.True(shortestAlwaysAccepted <= 40, $"shortest always-accepted tone {shortestAlwaysAccepted} ms");
    }

    [Theory]
    [InlineData(0.015, 0.015)]
    [InlineData(-0.015, -0.015)]
    [InlineData(0.015, -0.015)]
    [InlineData(-0.015, 0.015)]
    public void Process_FrequencyDeviation1Point5Percent_Accepted(double low, double high)
    {
        var options = new DtmfToneOptions { LowFrequencyDeviation = low, HighFrequencyDeviation = high };

        var digits = Detect(DtmfGenerator.Generate(AllKeys, 8000, options), 8000);

        Assert.Equal(AllKeys, Keys(digits));
        foreach (var d in digits)
        {
            var (f1, f2) = DtmfKeypad.Frequencies(d.Key);
            Assert.Equal(f1 * (1 + low), d.LowFrequencyHz, f1 * 0.003);
            Assert.Equal(f2 * (1 + high), d.HighFrequencyHz, f2 * 0.003);
        }
    }

    [Theory]
    [InlineData(0.015)]
    [InlineData(-0.015)]
    public void Process_FrequencyDeviation1Point5PercentIn10DbNoise_AllDetected(double deviation)
    {
        var options = new DtmfToneOptions
        {
            LowFrequencyDeviation = deviation,
            HighFrequencyDeviation = deviation,
            LevelDbfs = -20,
            ToneDuration = TimeSpan.FromMilliseconds(50),
            GapDuration = TimeSpan.FromMilliseconds(50),
        };
        var clean = DtmfGenerator.Generate(AllKeys, 8000, options);

        for (var seed = 0; seed < 10; seed++)
        {
            Assert.Equal(AllKeys, Keys(Detect(WithNoise(clean, -20, 10, 900 + seed), 8000)));
        }
    }

    [Theory]
    [InlineData(0.035, 0)]
    [InlineData(-0.035, 0)]
    [InlineData(0, 0.035)]
    [InlineData(0, -0.035)]
    [InlineData(0.035, 0.035)]
    [InlineData(-0.035, -0.035)]
    [InlineData(0.05, 0)]
    [InlineData(0, -0.06)]
    public void Process_FrequencyDeviation3Point5PercentOrMore_Rejected(double low, double high)
    {
        var options = new DtmfToneOptions { LowFrequencyDeviation = low, HighFrequencyDeviation = high };

        var digits = Detect(DtmfGenerator.Generate(AllKeys, 8000, options), 8000);

        Assert.True(digits.Count == 0, $"accepted: {Keys(digits)}");
    }

    [Theory]
    [InlineData(7.5f, true)]
    [InlineData(-3.5f, true)]
    [InlineData(9.5f, false)]
    [InlineData(-5.5f, false)]
    public void Process_Twist_AcceptedWithinNormal8AndReverse4Db(float twistDb, bool accepted)
    {
        var options = new DtmfToneOptions { TwistDb = twistDb, LevelDbfs = -15 };

        var digits = Detect(DtmfGenerator.Generate(AllKeys, 8000, options), 8000);

        Assert.Equal(accepted ? AllKeys : string.Empty, Keys(digits));
        Assert.All(digits, d => Assert.Equal(twistDb, d.TwistDb, 0.5f));
    }

    [Theory]
    [InlineData(-36f, true)]
    [InlineData(-48f, false)]
    public void Process_ToneLevel_ThresholdAtMinus42Dbfs(float level, bool accepted)
    {
        var digits = Detect(DtmfGenerator.Generate("159#", 8000, new DtmfToneOptions { LevelDbfs = level }), 8000);

        Assert.Equal(accepted ? "159#" : string.Empty, Keys(digits));
        Assert.All(digits, d => Assert.Equal(level, d.LowLevelDbfs, 0.5f));
    }

    [Fact]
    public void Process_LongKeyPressInNoise_ReportsOneDigit()
    {
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromSeconds(2), LevelDbfs = -20 };
        var x = WithNoise(DtmfGenerator.Generate("5", 8000, options), -20, 10, seed: 42);

        Assert.Equal("5", Keys(Detect(x, 8000)));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(100)]
    public void Process_SameKeyRepeatedAfterPause_EachPressCounted(int gapMs)
    {
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(60), GapDuration = TimeSpan.FromMilliseconds(gapMs) };

        Assert.Equal("555", Keys(Detect(DtmfGenerator.Generate("555", 8000, options), 8000)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void Process_ToneWithShortDropout_ReportsOneDigit(int dropoutMs)
    {
        // A lost codec frame inside one key press: the oscillator keeps running, the line goes quiet briefly.
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(300) };
        foreach (var key in "159#")
        {
            for (var at = 640; at < 1600; at += 67)
            {
                var x = DtmfGenerator.Generate(key.ToString(), 8000, options);
                x.AsSpan(at, dropoutMs * 8).Clear();

                Assert.Equal(key.ToString(), Keys(Detect(x, 8000)));
            }
        }
    }

    [Fact]
    public void Process_SameKeyRepeatedWith40MsPausesIn10DbNoise_EachPressCounted()
    {
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(60), GapDuration = TimeSpan.FromMilliseconds(40), LevelDbfs = -20 };
        var clean = DtmfGenerator.Generate("11111", 8000, options);

        for (var seed = 0; seed < 10; seed++)
        {
            Assert.Equal("11111", Keys(Detect(WithNoise(clean, -20, 10, 500 + seed), 8000)));
        }
    }

    [Fact]
    public void Process_DifferentKeysBackToBackWithoutGap_ReportsBoth()
    {
        var options = new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(80), GapDuration = TimeSpan.Zero };

        Assert.Equal("1234", Keys(Detect(DtmfGenerator.Generate("1234", 8000, options), 8000)));
    }

    [Fact]
    public void Process_20msFrames_SameDigitsAsOneCallWithStreamTimestamps()
    {
        var pcm = DtmfGenerator.GeneratePcm("0123456789*#", 8000);
        var start = TimeSpan.FromMinutes(3);
        var whole = Detect(SampleConvert.ToFloat(pcm), 8000);

        var detector = new DtmfDetector(8000);
        var framed = AudioFrame.Split(AudioFormat.Telephone8k, pcm, TimeSpan.FromMilliseconds(20), start)
            .SelectMany(detector.Process).ToList();

        Assert.Equal(whole.Select(d => d with { Timestamp = d.Timestamp + start }), framed);
    }

    [Fact]
    public async Task DetectAsync_FrameStream_YieldsDigits()
    {
        var pcm = DtmfGenerator.GeneratePcm("42#", 16000);

        var digits = new List<DtmfDigit>();
        await foreach (var d in DtmfDetector.DetectAsync(Frames(pcm), cancellationToken: TestContext.Current.CancellationToken))
        {
            digits.Add(d);
        }

        Assert.Equal("42#", Keys(digits));

        static async IAsyncEnumerable<AudioFrame> Frames(short[] pcm)
        {
            foreach (var f in AudioFrame.Split(AudioFormat.Wideband16k, pcm, TimeSpan.FromMilliseconds(20)))
            {
                await Task.Yield();
                yield return f;
            }
        }
    }

    [Fact]
    public void Process_SingleTonesAndDialTone_NotDetected()
    {
        var rate = 8000;
        var x = new List<float>();
        foreach (var f in DtmfKeypad.RowFrequencies.Concat(DtmfKeypad.ColumnFrequencies))
        {
            x.AddRange(Audio.TestSignals.Sine(f, rate, rate / 5, amplitude: 0.3));
        }

        // Indian dial tone: 400 Hz modulated by 25 Hz; and a 350+440 Hz dial tone.
        x.AddRange(Audio.TestSignals.Sine(400, rate, rate, amplitude: 0.3).Select((v, n) => v * (float)(0.5 + (0.5 * Math.Sin(2 * Math.PI * 25 * n / rate)))));
        var a = Audio.TestSignals.Sine(350, rate, rate, amplitude: 0.2);
        var b = Audio.TestSignals.Sine(440, rate, rate, amplitude: 0.2);
        x.AddRange(a.Select((v, i) => v + b[i]));

        Assert.Empty(Detect([.. x], rate));
    }

    [Fact]
    public void Reset_MidTone_ForgetsHeldKey()
    {
        var detector = new DtmfDetector(8000);
        var digits = new List<DtmfDigit>();
        var tone = DtmfGenerator.Generate("7", 8000, new DtmfToneOptions { ToneDuration = TimeSpan.FromMilliseconds(200), GapDuration = TimeSpan.Zero });

        detector.Process(tone.AsSpan(0, 800), digits);
        Assert.Equal('7', detector.ActiveKey);
        detector.Reset();
        detector.Process(tone.AsSpan(800), digits);

        Assert.Equal("77", Keys(digits));
        Assert.Equal(TimeSpan.Zero, digits[1].Timestamp);
    }

    [Fact]
    public void Constructor_RateBelow8k_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtmfDetector(6000));
    }
}
