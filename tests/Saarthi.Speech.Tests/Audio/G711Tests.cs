using FsCheck;
using FsCheck.Fluent;
using Saarthi.Speech.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class G711Tests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0x00, -32124)]
    [InlineData(0x80, 32124)]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0xF0, 120)]
    [InlineData(0x70, -120)]
    [InlineData(0xEF, 132)]
    [InlineData(0xDF, 396)]
    [InlineData(0xCF, 924)]
    [InlineData(0xBF, 1980)]
    [InlineData(0xAF, 4092)]
    [InlineData(0x9F, 8316)]
    [InlineData(0x8F, 16764)]
    public void MuLawDecode_KnownCodes_MatchG711Table(int code, int expected) =>
        Assert.Equal(expected, G711.MuLawDecode((byte)code));

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xC5, 264)]
    [InlineData(0xE5, 1056)]
    [InlineData(0xF5, 528)]
    [InlineData(0x80, 5504)]
    public void ALawDecode_KnownCodes_MatchG711Table(int code, int expected) =>
        Assert.Equal(expected, G711.ALawDecode((byte)code));

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(120, 0xF0)]
    [InlineData(-120, 0x70)]
    [InlineData(1000, 0xCE)]
    public void MuLawEncode_KnownSamples_MatchG191(int sample, int expected) =>
        Assert.Equal(expected, G711.MuLawEncode((short)sample));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(1000, 0xFA)]
    public void ALawEncode_KnownSamples_MatchG191(int sample, int expected) =>
        Assert.Equal(expected, G711.ALawEncode((short)sample));

    [Fact]
    public void MuLawEncode_EveryDecodedLevel_MapsBackToItsCode()
    {
        for (var c = 0; c < 256; c++)
        {
            var expected = c == 0x7F ? 0xFF : c; // "negative zero" decodes to 0, which encodes as positive zero
            Assert.Equal(expected, G711.MuLawEncode(G711.MuLawDecode((byte)c)));
        }
    }

    [Fact]
    public void ALawEncode_EveryDecodedLevel_MapsBackToItsCode()
    {
        for (var c = 0; c < 256; c++)
        {
            Assert.Equal(c, G711.ALawEncode(G711.ALawDecode((byte)c)));
        }
    }

    [Fact]
    public void MuLawRoundTrip_EverySample_ErrorWithinHalfStepOfItsSegment()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            var code = G711.MuLawEncode((short)x);
            var segment = (~code >> 4) & 0x07;
            var halfStep = 4 << segment;
            var error = Math.Abs(G711.MuLawDecode(code) - x);
            var limit = Math.Abs(x) > 32635 ? Math.Abs(x) - 32124 : halfStep; // above the G.711 clip point it saturates
            Assert.True(error <= limit, $"x={x} code=0x{code:X2} error={error} limit={limit}");
        }
    }

    [Fact]
    public void ALawRoundTrip_EverySample_ErrorWithinHalfStepOfItsSegment()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            var code = G711.ALawEncode((short)x);
            var segment = ((code ^ 0x55) & 0x7F) >> 4;
            var halfStep = 8 << Math.Max(0, segment - 1);
            var error = Math.Abs(G711.ALawDecode(code) - x);
            Assert.True(error <= halfStep, $"x={x} code=0x{code:X2} error={error} limit={halfStep}");
        }
    }

    [Fact]
    public void Encode_IsOddSymmetric_ForOnesComplementInputs()
    {
        // G.191 quantises -x-1 like x: the two halves of the characteristic mirror each other.
        Prop.ForAll(ArbMap.Default.ArbFor<short>(), x =>
        {
            var mirrored = (short)~x;
            return (G711.MuLawEncode(x) ^ 0x80) == G711.MuLawEncode(mirrored)
                && (G711.ALawEncode(x) ^ 0x80) == G711.ALawEncode(mirrored);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SpanEncodeDecode_MatchScalarForms()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short[]>(), xs =>
        {
            var mu = new byte[xs.Length];
            var a = new byte[xs.Length];
            var muBack = new short[xs.Length];
            var aBack = new short[xs.Length];
            G711.MuLawEncode(xs, mu);
            G711.ALawEncode(xs, a);
            G711.MuLawDecode(mu, muBack);
            G711.ALawDecode(a, aBack);
            return xs.Select((x, i) => mu[i] == G711.MuLawEncode(x) && a[i] == G711.ALawEncode(x)
                && muBack[i] == G711.MuLawDecode(mu[i]) && aBack[i] == G711.ALawDecode(a[i])).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTrip_SineAtMinus10Dbfs_SignalToNoiseAbove35Db(bool muLaw)
    {
        var x = SampleConvert.ToInt16(TestSignals.Sine(1004, 8000, 8000, amplitude: 0.3));
        var codes = new byte[x.Length];
        var back = new short[x.Length];
        if (muLaw)
        {
            G711.MuLawEncode(x, codes);
            G711.MuLawDecode(codes, back);
        }
        else
        {
            G711.ALawEncode(x, codes);
            G711.ALawDecode(codes, back);
        }

        double signal = 0, noise = 0;
        for (var i = 0; i < x.Length; i++)
        {
            signal += (double)x[i] * x[i];
            noise += (double)(back[i] - x[i]) * (back[i] - x[i]);
        }

        var snr = 10 * Math.Log10(signal / noise);
        output.WriteLine($"{(muLaw ? "µ-law" : "A-law")} SNR at -13 dBFS sine: {snr:F1} dB");
        Assert.InRange(snr, 35, 45); // G.711 is ~38 dB over most of its range; far above would mean no companding
    }

    [Theory]
    [InlineData("mu-law")]
    [InlineData("a-law")]
    public void Decode_SoxEncodedFile_MatchesSoxDecoding(string encoding)
    {
        using var dir = new TempDir();
        var src = dir.File("src.wav");
        var coded = dir.File("coded.wav");
        var decoded = dir.File("decoded.wav");
        ExternalTool.Sox("-n", "-r", "8000", "-b", "16", "-e", "signed", src, "synth", "1", "sine", "300-3400", "vol", "0.7");
        ExternalTool.Sox(src, "-e", encoding, "-b", "8", coded);
        ExternalTool.Sox(coded, "-e", "signed", "-b", "16", decoded);

        var ours = WavFile.Read(coded);
        var sox = WavFile.Read(decoded);

        Assert.Equal(encoding == "mu-law" ? WavEncoding.MuLaw : WavEncoding.ALaw, ours.Source.Encoding);
        Assert.Equal(sox.Samples.ToArray(), ours.Samples.ToArray());
    }

    [Theory]
    [InlineData("mu-law")]
    [InlineData("a-law")]
    public void Encode_SameInputAsSox_ProducesSameCodesOrAdjacentOnes(string encoding)
    {
        using var dir = new TempDir();
        var src = dir.File("src.wav");
        var coded = dir.File("coded.wav");
        ExternalTool.Sox("-n", "-r", "8000", "-b", "16", "-e", "signed", src, "synth", "1", "whitenoise", "vol", "0.5");
        ExternalTool.Sox(src, "-e", encoding, "-b", "8", coded);
        var input = WavFile.Read(src).Samples.ToArray();
        var soxCodes = File.ReadAllBytes(coded)[^input.Length..];

        var ours = new byte[input.Length];
        if (encoding == "mu-law")
        {
            G711.MuLawEncode(input, ours);
        }
        else
        {
            G711.ALawEncode(input, ours);
        }

        var differing = ours.Where((c, i) => c != soxCodes[i]).Count();
        output.WriteLine($"{encoding}: {differing} of {input.Length} codes differ from sox");

        // sox rounds to 14 (µ) / 13 (A) bits before companding; G.191 truncates. Where they disagree, the two codes
        // must be neighbouring reconstruction levels.
        Func<byte, short> decode = encoding == "mu-law" ? G711.MuLawDecode : G711.ALawDecode;
        var levels = Enumerable.Range(0, 256).Select(c => (int)decode((byte)c)).Distinct().Order().ToList();
        Assert.True(differing < input.Length / 10, $"{differing} codes differ");
        for (var i = 0; i < input.Length; i++)
        {
            var rankOurs = levels.BinarySearch(decode(ours[i]));
            var rankSox = levels.BinarySearch(decode(soxCodes[i]));
            Assert.True(Math.Abs(rankOurs - rankSox) <= 1, $"sample {i} ({input[i]}): ours 0x{ours[i]:X2}, sox 0x{soxCodes[i]:X2}");
        }
    }
}
