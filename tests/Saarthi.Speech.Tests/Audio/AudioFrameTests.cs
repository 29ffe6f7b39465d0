using FsCheck;
using FsCheck.Fluent;
using Saarthi.Speech.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class AudioFormatTests
{
    [Fact]
    public void WellKnownFormats_HaveRateChannelsAndWidth()
    {
        Assert.Equal(new AudioFormat(8000, 1, 16), AudioFormat.Telephone8k);
        Assert.Equal(new AudioFormat(16000, 1, 16), AudioFormat.Wideband16k);
        Assert.Equal(new AudioFormat(22050, 1, 16), AudioFormat.Espeak22k);
        Assert.Equal(16000, AudioFormat.Telephone8k.BytesPerSecond);
    }

    [Fact]
    public void DurationOf_FramesIn_AreInverse()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(20), AudioFormat.Telephone8k.DurationOf(160));
        Assert.Equal(441, AudioFormat.Espeak22k.FramesIn(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMinutes(10), AudioFormat.Espeak22k.DurationOf(22050 * 600));
    }

    [Theory]
    [InlineData(0, 1, 16, "rate")]
    [InlineData(8000, 0, 16, "Channel")]
    [InlineData(8000, 1, 12, "width")]
    public void EnsureValid_BadField_ThrowsNamingIt(int rate, int channels, int bits, string named)
    {
        var format = new AudioFormat(rate, channels, bits);

        var ex = Assert.Throws<ArgumentException>(() => format.EnsureValid());

        Assert.False(format.IsValid);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void ToString_DescribesFormat() =>
        Assert.Equal("8000 Hz, mono, 16-bit", AudioFormat.Telephone8k.ToString());
}

public sealed class AudioFrameTests
{
    [Fact]
    public void Constructor_SamplesNotWholeFrames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AudioFrame(new AudioFormat(8000, 2, 16), new short[3], TimeSpan.Zero));
    }

    [Fact]
    public void Constructor_Not16Bit_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AudioFrame(new AudioFormat(8000, 1, 8), new short[3], TimeSpan.Zero));
    }

    [Fact]
    public void Duration_StereoFrame_CountsFramesNotSamples()
    {
        var frame = new AudioFrame(new AudioFormat(16000, 2, 16), new short[640], TimeSpan.FromSeconds(1));

        Assert.Equal(320, frame.FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(20), frame.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(1020), frame.End);
    }

    [Fact]
    public void ToMono_Stereo_AveragesChannels()
    {
        var frame = new AudioFrame(new AudioFormat(8000, 2, 16), new short[] { 100, 300, -5, -6, 32767, 32767 }, TimeSpan.FromSeconds(2));

        var mono = frame.ToMono();

        Assert.Equal(AudioFormat.Telephone8k, mono.Format);
        Assert.Equal(new short[] { 200, -6, 32767 }, mono.Samples.ToArray());
        Assert.Equal(frame.Timestamp, mono.Timestamp);
    }

    [Fact]
    public void Split_Samples_ContiguousFramesCoveringEverything()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, 2000)), Arb.From(Gen.Choose(1, 40)), (length, ms) =>
        {
            var samples = Enumerable.Range(0, length).Select(i => (short)i).ToArray();
            var frames = AudioFrame.Split(AudioFormat.Telephone8k, samples, TimeSpan.FromMilliseconds(ms), TimeSpan.FromSeconds(1)).ToList();
            var contiguous = frames.Zip(frames.Skip(1)).All(p => p.First.End == p.Second.Timestamp);
            var startsRight = frames.Count == 0 || frames[0].Timestamp == TimeSpan.FromSeconds(1);
            return contiguous && startsRight && frames.SelectMany(f => f.Samples.ToArray()).SequenceEqual(samples)
                && frames.SkipLast(1).All(f => f.FrameCount == ms * 8);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FromFloat_ToFloat_RoundTrip()
    {
        var x = new[] { 0f, 0.5f, -0.25f, -1f };

        var frame = AudioFrame.FromFloat(AudioFormat.Telephone8k, x, TimeSpan.Zero);

        Assert.Equal(x, frame.ToFloat());
    }
}

public sealed class SampleConvertTests
{
    [Fact]
    public void ToFloatThenToInt16_EveryShort_RoundTripsExactly()
    {
        var all = Enumerable.Range(short.MinValue, 65536).Select(i => (short)i).ToArray();

        var back = SampleConvert.ToInt16(SampleConvert.ToFloat(all));

        Assert.Equal(all, back);
        Assert.Equal(-1f, SampleConvert.ToFloat([short.MinValue])[0]);
    }

    [Fact]
    public void ToInt16_OutOfRange_SaturatesAndCountsClips()
    {
        var dst = new short[5];

        var clipped = SampleConvert.ToInt16([1.5f, -2f, 0.999999f, float.NaN, 0.25f], dst);

        Assert.Equal(new short[] { 32767, -32768, 32767, 0, 8192 }, dst);
        Assert.Equal(4, clipped); // 0.999999 rounds to 32768 and saturates; NaN is replaced by silence
    }

    [Fact]
    public void DownmixToMono_ThreeChannels_AveragesWithRounding()
    {
        var mono = new short[2];

        SampleConvert.DownmixToMono([1, 2, 2, -1, -1, -2], 3, mono);

        Assert.Equal(new short[] { 2, -1 }, mono);
    }
}
