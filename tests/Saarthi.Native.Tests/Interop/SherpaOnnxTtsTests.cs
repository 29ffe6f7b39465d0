using System.Runtime.InteropServices;
using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>
/// The sherpa-onnx 1.13.4 offline TTS binding with a generated Piper-shaped voice (real ONNX Runtime, real bundled
/// espeak-ng phonemizing with Debian's espeak-ng-data).
/// </summary>
public sealed class SherpaOnnxTtsTests(ITestOutputHelper output)
{
    [Fact]
    public void Layout_KnownSizes_AreTheHeadersOnLp64()
    {
        // gcc on the v1.13.4 excerpt (x86_64; arm64 is the same LP64 layout; AbiLayoutTests checks every field).
        Assert.Equal(56, Marshal.SizeOf<SherpaOnnxOfflineTtsVitsModelConfig>());
        Assert.Equal(416, Marshal.SizeOf<SherpaOnnxOfflineTtsModelConfig>());
        Assert.Equal(64, Marshal.OffsetOf<SherpaOnnxOfflineTtsModelConfig>(nameof(SherpaOnnxOfflineTtsModelConfig.provider)).ToInt32());
        Assert.Equal(448, Marshal.SizeOf<SherpaOnnxOfflineTtsConfig>());
        Assert.Equal(16, Marshal.SizeOf<SherpaOnnxGeneratedAudio>());
        Assert.Equal(56, Marshal.SizeOf<SherpaOnnxGenerationConfig>());
    }

    [Fact]
    public void Create_TinyVoice_ReportsTheRateAndSpeakersOfItsMetadata()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { SampleRate = 16000, Speakers = 3 });

        using var voice = VitsVoice.Create(files.Settings);

        Assert.Equal(16000, voice.SampleRate);
        Assert.Equal(3, voice.Speakers);
        Assert.Equal("en-us", voice.Info.EspeakVoice);
        Assert.Equal("piper", voice.Info.Kind);
    }

    [Fact]
    public void Generate_Text_IsNonSilentAndGrowsWithTheText()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);

        var shortAudio = voice.Generate("Hello.");
        var longAudio = voice.Generate("Hello. You can apply at your Common Service Centre with your Aadhaar card.");

        output.WriteLine($"short {shortAudio.Samples.Length} samples, long {longAudio.Samples.Length} samples at {longAudio.SampleRate} Hz");
        Assert.Equal(22050, shortAudio.SampleRate);
        Assert.True(shortAudio.Samples.Length >= 5 * 256, $"{shortAudio.Samples.Length} samples for 'Hello.'");
        Assert.True(longAudio.Samples.Length > 5 * shortAudio.Samples.Length);
        Assert.Equal(0, longAudio.Samples.Length % 256); // whole tokens: the phonemes came through the model
        Assert.InRange(Rms(longAudio.Samples), 0.15, 0.25); // a sine of amplitude 0.3 has RMS 0.21
        Assert.InRange(longAudio.Samples.Max(), 0.29f, 0.3001f);
    }

    [Fact]
    public void Generate_SameTextTwice_GivesTheSameSamples()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);

        var a = voice.Generate("Atal Pension Yojana gives a pension from sixty.");
        var b = voice.Generate("Atal Pension Yojana gives a pension from sixty.");

        Assert.Equal(a.Samples, b.Samples);
    }

    [Fact]
    public void Generate_HalfSpeed_IsTwiceAsLong()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);

        var normal = voice.Generate("Please tell me about the old age pension.");
        var slow = voice.Generate("Please tell me about the old age pension.", speed: 0.5f);

        Assert.Equal(normal.Samples.Length * 2, slow.Samples.Length);
    }

    [Fact]
    public void Generate_SecondSpeaker_ReachesTheModel()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { Speakers = 2 });
        using var voice = VitsVoice.Create(files.Settings);

        var first = voice.Generate("Hello there.", speakerId: 0);
        var second = voice.Generate("Hello there.", speakerId: 1);

        Assert.Equal(first.Samples.Length, second.Samples.Length);
        Assert.InRange(first.Samples.Max(), 0.29f, 0.3001f);
        Assert.InRange(second.Samples.Max(), 0.39f, 0.4001f);
    }

    [Fact]
    public void Generate_SpeakerOutOfRange_IsRefusedBeforeTheModel()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);

        Assert.Throws<ArgumentOutOfRangeException>(() => voice.Generate("Hello.", speakerId: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => voice.Generate("Hello.", speed: 0));
    }

    [Fact]
    public void Generate_HindiVoiceWithDevanagari_SpeaksIt()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { Language = "Hindi", EspeakVoice = "hi" });
        using var voice = VitsVoice.Create(files.Settings);

        var audio = voice.Generate("प्रधानमंत्री किसान सम्मान निधि में हर साल छह हज़ार रुपये मिलते हैं।");

        output.WriteLine($"{audio.Samples.Length} samples");
        Assert.True(audio.Samples.Length > 40 * 256, $"{audio.Samples.Length} samples");
    }

    [Fact]
    public void Generate_BlankText_GivesNoAudio()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);

        Assert.Empty(voice.Generate("   ").Samples);
    }

    [Fact]
    public void Generate_CancelledToken_Throws()
    {
        using var files = new TempVoice();
        using var voice = VitsVoice.Create(files.Settings);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => voice.Generate("Hello.", cancellationToken: cts.Token));
    }

    [Fact]
    public void Generate_AfterDispose_Throws()
    {
        using var files = new TempVoice();
        var voice = VitsVoice.Create(files.Settings);
        voice.Dispose();

        Assert.Throws<ObjectDisposedException>(() => voice.Generate("Hello."));
    }

    private static double Rms(float[] x) => Math.Sqrt(x.Average(v => (double)v * v));
}
