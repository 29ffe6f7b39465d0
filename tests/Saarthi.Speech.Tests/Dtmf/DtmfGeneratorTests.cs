using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Saarthi.Speech.Tests.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Dtmf;

public sealed class DtmfGeneratorTests
{
    [Theory]
    [InlineData('1', 697, 1209)]
    [InlineData('5', 770, 1336)]
    [InlineData('9', 852, 1477)]
    [InlineData('*', 941, 1209)]
    [InlineData('0', 941, 1336)]
    [InlineData('#', 941, 1477)]
    [InlineData('D', 941, 1633)]
    [InlineData('a', 697, 1633)]
    public void Frequencies_Key_MatchesQ23Matrix(char key, int low, int high) =>
        Assert.Equal((low, high), DtmfKeypad.Frequencies(key));

    [Fact]
    public void Frequencies_NotAKey_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfKeypad.Frequencies('E'));
        Assert.False(DtmfKeypad.IsKey('x'));
        Assert.True(DtmfKeypad.IsKey('#'));
    }

    [Fact]
    public void Generate_Keys_LengthIsLeadPlusToneAndGapPerKey()
    {
        var options = new DtmfToneOptions
        {
            LeadingSilence = TimeSpan.FromMilliseconds(10),
            ToneDuration = TimeSpan.FromMilliseconds(50),
            GapDuration = TimeSpan.FromMilliseconds(30),
        };

        var x = DtmfGenerator.Generate("123", 8000, options);

        Assert.Equal(80 + (3 * 640), x.Length);
        Assert.All(x.AsSpan(0, 80).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(x.AsSpan(80 + 400, 240).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Generate_WithTwistAndDeviation_EachToneHasRequestedLevelAndFrequency()
    {
        var options = new DtmfToneOptions
        {
            ToneDuration = TimeSpan.FromSeconds(1),
            LevelDbfs = -15,
            TwistDb = 6,
            LowFrequencyDeviation = 0.02,
            HighFrequencyDeviation = -0.01,
        };

        var x = DtmfGenerator.Generate("8", 8000, options).AsSpan(0, 8000).ToArray();
        var (lowAmp, _) = TestSignals.FitTone(x, 852 * 1.02, 8000);
        var (highAmp, _) = TestSignals.FitTone(x, 1336 * 0.99, 8000);

        Assert.Equal(-12f, AudioLevel.ToDbfs((float)(lowAmp / Math.Sqrt(2))), 0.1f);
        Assert.Equal(-18f, AudioLevel.ToDbfs((float)(highAmp / Math.Sqrt(2))), 0.1f);
    }

    [Fact]
    public void GeneratePcm_DefaultLevel_DoesNotClip()
    {
        var pcm = DtmfGenerator.GeneratePcm(DtmfKeypad.Keys, 8000);

        Assert.True(AudioLevel.Peak(pcm) < 0.8f);
        Assert.Equal(-9f, AudioLevel.RmsDbfs(pcm.AsSpan(0, 560)), 0.2f); // two -12 dBFS tones
    }
}
