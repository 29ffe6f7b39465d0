using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Speech.Tts;
using Xunit;

namespace Saarthi.Speech.Tests.Tts;

/// <summary>Per-language voice choice: a provisioned Piper voice that loads, else espeak-ng, said in one log line.</summary>
public sealed class TextToSpeechSelectionTests : IDisposable
{
    private readonly TinyVoiceFolder _folder = new();
    private readonly List<string> _log = [];

    private static TinyVitsVoiceSpec Hindi => new() { Language = "Hindi", EspeakVoice = "hi" };

    [Fact]
    public void Create_NothingProvisioned_SpeaksEveryLanguageWithEspeak()
    {
        _folder.ListOnly("vits-piper-hi-test", "hi");

        using var tts = Select();

        Assert.IsType<EspeakTextToSpeech>(tts.For("hi"));
        Assert.IsType<EspeakTextToSpeech>(tts.For("en"));
        Assert.Equal("voice: every language: espeak-ng@150wpm", Assert.Single(_log));
    }

    [Fact]
    public async Task Create_ProvisionedHindiVoice_SpeaksHindiWithItAndEnglishWithEspeak()
    {
        _folder.AddVoice("vits-piper-hi-test", "hi", Hindi);

        using var tts = Select();

        var hindi = Assert.IsType<SherpaOnnxTextToSpeech>(tts.For("hi-IN"));
        Assert.IsType<EspeakTextToSpeech>(tts.For("en"));
        Assert.Equal($"voice: hi: {hindi.Engine}; other languages: espeak-ng@150wpm", Assert.Single(_log));
        var frames = new List<Saarthi.Speech.Audio.AudioFrame>();
        await foreach (var f in tts.SynthesizeAsync("नमस्ते। आप कैसे हैं?", "hi", TestContext.Current.CancellationToken)) frames.Add(f);
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Equal(22050, f.Format.SampleRate));
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "truncated", "not a whole ONNX model" },
        { "html", "not a whole ONNX model" },
        { "no-model", "has no .onnx model" },
        { "no-tokens", "no tokens file" },
        { "no-sample-rate", "no 'sample_rate' in its metadata" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Create_BrokenVoice_FallsBackToEspeakAndSaysWhy(string fault, string reason)
    {
        var spec = fault == "no-sample-rate" ? Hindi with { MetadataChanges = new Dictionary<string, string?> { ["sample_rate"] = null } } : Hindi;
        var settings = _folder.AddVoice("vits-piper-hi-test", "hi", spec);
        Break(settings, fault);

        using var tts = Select();

        Assert.IsType<EspeakTextToSpeech>(tts.For("hi"));
        var line = Assert.Single(_log);
        Assert.StartsWith("voice: hi: espeak-ng@150wpm (vits-piper-hi-test unusable: ", line);
        Assert.Contains(reason, line);
        var frames = 0;
        await foreach (var f in tts.SynthesizeAsync("नमस्ते।", "hi", TestContext.Current.CancellationToken)) frames++;
        Assert.Equal(1, frames);
    }

    [Fact]
    public void Create_DefaultVoiceBrokenAndAnotherFine_UsesTheOther()
    {
        var broken = _folder.AddVoice("vits-piper-hi-default", "hi", Hindi, isDefault: true);
        Break(broken, "truncated");
        _folder.AddVoice("vits-piper-hi-other", "hi", Hindi, isDefault: false);

        using var tts = Select();

        var voice = Assert.IsType<SherpaOnnxTextToSpeech>(tts.For("hi"));
        Assert.Contains("vits-piper-hi-other", voice.ModelPath);
        Assert.Contains("vits-piper-hi-default unusable", Assert.Single(_log));
    }

    [Fact]
    public void Create_ConfiguredVoiceOfAnotherLanguage_IsNotUsedForIt()
    {
        var english = _folder.AddVoice("vits-piper-en-test", "en");

        using var tts = Select(new Dictionary<string, string> { ["hi"] = Path.GetDirectoryName(english.ModelPath)! });

        Assert.IsType<EspeakTextToSpeech>(tts.For("hi"));
        Assert.IsType<SherpaOnnxTextToSpeech>(tts.For("en"));
        Assert.Contains("speaks 'en'", Assert.Single(_log));
    }

    [Fact]
    public void OpenVoice_ManifestId_LoadsItsFolder()
    {
        _folder.AddVoice("vits-piper-hi-test", "hi", Hindi);

        using var voice = TextToSpeechSelection.OpenVoice("vits-piper-hi-test", Options());

        Assert.Equal("hi", voice.Language);
    }

    [Fact]
    public void OpenVoice_UnknownIdOrUnprovisioned_SaysWhich()
    {
        _folder.ListOnly("vits-piper-en-missing", "en");

        var unknown = Assert.Throws<VoiceManifestException>(() => TextToSpeechSelection.OpenVoice("no-such-voice", Options()));
        var missing = Assert.Throws<VoiceManifestException>(() => TextToSpeechSelection.OpenVoice("vits-piper-en-missing", Options()));

        Assert.Contains("not a voice folder, an .onnx file or a tts id", unknown.Message);
        Assert.Contains("not provisioned", missing.Message);
    }

    [Fact]
    public void OpenVoice_Tiny_GeneratesTheTestVoice()
    {
        using var english = TextToSpeechSelection.OpenVoice("tiny", Options(), Path.Combine(_folder.Root, "tiny"));
        using var hindi = TextToSpeechSelection.OpenVoice("tiny:hi", Options(), Path.Combine(_folder.Root, "tiny"));

        Assert.Equal("en", english.Language);
        Assert.Equal(22050, english.SampleRate);
        Assert.Equal("hi", hindi.Language);
    }

    public void Dispose() => _folder.Dispose();

    private TextToSpeechOptions Options(IReadOnlyDictionary<string, string>? voices = null) => new()
    {
        ManifestPath = _folder.ManifestPath,
        VoiceDirectories = [_folder.Root],
        Voices = voices ?? new Dictionary<string, string>(),
    };

    private LanguageRoutedTextToSpeech Select(IReadOnlyDictionary<string, string>? voices = null) =>
        TextToSpeechSelection.Create(Options(voices), _log.Add);

    private static void Break(VitsVoiceSettings settings, string fault)
    {
        switch (fault)
        {
            case "truncated":
                var bytes = File.ReadAllBytes(settings.ModelPath);
                File.WriteAllBytes(settings.ModelPath, bytes.AsSpan(0, bytes.Length / 2).ToArray());
                break;
            case "html":
                File.WriteAllText(settings.ModelPath, "<html>502 Bad Gateway</html>" + new string(' ', 4000));
                break;
            case "no-model":
                File.Delete(settings.ModelPath);
                break;
            case "no-tokens":
                File.Delete(settings.TokensPath);
                break;
        }
    }
}
