using Saarthi.Appliance.Cli;
using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Tests;

/// <summary>`say --voice`: a Piper/VITS voice (here the generated tiny one) into a WAV; an unusable voice is a clear error.</summary>
public sealed class SayCommandTests : IDisposable
{
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "json" };
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Say_TinyVoice_WritesTelephoneRateSpeechAndNamesTheEngine()
    {
        var wav = _dir.File("tiny.wav");
        using var output = new StringWriter();

        var code = await SayCommand.RunAsync(new Args(["--voice", "tiny", "-o", wav, "You get ₹6,000 a year. Apply at your Common Service Centre."], Switches), output,
            TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Contains("(en, piper:tiny-piper@22050Hz)", output.ToString());
        var audio = WavFile.Read(wav);
        Assert.Equal(AudioFormat.Telephone8k, audio.Format);
        Assert.True(audio.Format.DurationOf(audio.Samples.Length) > TimeSpan.FromSeconds(1));
        Assert.InRange(AudioLevel.Rms(audio.Samples.Span), 0.1f, 0.25f);
    }

    [Fact]
    public async Task Say_TinyHindiVoice_SpeaksHindi()
    {
        var wav = _dir.File("tiny-hi.wav");
        using var output = new StringWriter();

        var code = await SayCommand.RunAsync(new Args(["--voice", "tiny:hi", "-o", wav, "हर साल ₹6,000 मिलते हैं।"], Switches), output, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Contains("(hi, piper:tiny-piper@22050Hz)", output.ToString());
    }

    [Fact]
    public async Task Say_VoiceOfAnotherLanguage_IsAUsageError()
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() =>
            SayCommand.RunAsync(new Args(["--voice", "tiny", "--lang", "hi", "-o", _dir.File("x.wav"), "नमस्ते"], Switches), TextWriter.Null, TestContext.Current.CancellationToken));

        Assert.Contains("speaks 'en', not 'hi'", ex.Message);
        Assert.False(File.Exists(_dir.File("x.wav")));
    }

    [Fact]
    public async Task Say_BrokenVoiceFile_SaysWhatIsWrongAndWritesNothing()
    {
        var model = _dir.File("voice.onnx");
        File.WriteAllText(model, "<html>404</html>" + new string(' ', 3000));

        var ex = await Assert.ThrowsAsync<UsageException>(() =>
            SayCommand.RunAsync(new Args(["--voice", model, "-o", _dir.File("x.wav"), "hello"], Switches), TextWriter.Null, TestContext.Current.CancellationToken));

        Assert.Contains("not a whole ONNX model", ex.Message);
        Assert.False(File.Exists(_dir.File("x.wav")));
    }

    public void Dispose() => _dir.Dispose();
}
