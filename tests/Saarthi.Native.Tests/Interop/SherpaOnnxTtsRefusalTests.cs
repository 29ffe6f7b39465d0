using System.Text;
using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>
/// Voices sherpa-onnx would answer by ending or aborting the process: each is refused first, with code −2 and a message
/// naming the file and the fault, and the test process lives on to tell.
/// </summary>
public sealed class SherpaOnnxTtsRefusalTests
{
    [Fact]
    public void Create_MissingModel_NamesThePath()
    {
        using var files = new TempVoice();

        var ex = Refused(files.Settings with { ModelPath = "/nonexistent/voice.onnx" });

        Assert.Contains("/nonexistent/voice.onnx", ex.Message);
        Assert.Equal(NativeLibraryNames.SherpaOnnx, ex.Library);
    }

    [Fact]
    public void Create_TruncatedModel_SaysSo()
    {
        using var files = new TempVoice();
        var bytes = File.ReadAllBytes(files.Settings.ModelPath);
        File.WriteAllBytes(files.Settings.ModelPath, bytes.AsSpan(0, bytes.Length * 6 / 10).ToArray());

        var ex = Refused(files.Settings);

        Assert.Contains("not a whole ONNX model", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Create_ModelCutAnywhere_IsRefusedBeforeSherpaSeesIt()
    {
        using var files = new TempVoice();
        var bytes = File.ReadAllBytes(files.Settings.ModelPath);

        for (var length = 0; length < bytes.Length; length += 11)
        {
            File.WriteAllBytes(files.Settings.ModelPath, bytes.AsSpan(0, length).ToArray());
            Refused(files.Settings);
        }
    }

    [Fact]
    public void Create_HtmlSavedAsModel_IsNotOnnx()
    {
        using var files = new TempVoice();
        File.WriteAllText(files.Settings.ModelPath, "<html><body>404 Not Found</body></html>\n" + new string(' ', 2000));

        var ex = Refused(files.Settings);

        Assert.Contains("not a whole ONNX model", ex.Message);
    }

    [Theory]
    [InlineData("sample_rate")]
    [InlineData("n_speakers")]
    [InlineData("language")]
    [InlineData("comment")]
    [InlineData("voice")]
    public void Create_ModelWithoutRequiredMetadata_NamesTheKey(string key)
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { MetadataChanges = new Dictionary<string, string?> { [key] = null } });

        var ex = Refused(files.Settings);

        Assert.Contains($"'{key}'", ex.Message);
    }

    [Fact]
    public void Create_LexiconVoice_IsNotSupported()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { MetadataChanges = new Dictionary<string, string?> { ["comment"] = "melo" } });

        Assert.Contains("'melo'", Refused(files.Settings).Message);
    }

    [Fact]
    public void Create_MissingTokens_NamesTheFile()
    {
        using var files = new TempVoice();
        File.Delete(files.Settings.TokensPath);

        Assert.Contains("no tokens file", Refused(files.Settings).Message);
    }

    [Theory]
    [InlineData("a 1\nab 2\n", "not one character")]
    [InlineData("_ 0\n^ 1\n$ 2\na 3\na 4\n", "listed twice")]
    [InlineData("_ 0\n^ 1\na 3\n", "lacks the token(s) $")]
    [InlineData("_ 0\n^ 1\n$ x\n", "is not a token id")]
    public void Create_MalformedTokens_SaysWhatIsWrong(string tokens, string expected)
    {
        using var files = new TempVoice();
        File.WriteAllText(files.Settings.TokensPath, tokens, new UTF8Encoding(false));

        Assert.Contains(expected, Refused(files.Settings).Message);
    }

    [Fact]
    public void Create_MissingEspeakData_NamesTheFolder()
    {
        using var files = new TempVoice();

        var ex = Refused(files.Settings with { DataDirectory = files.PathOf("espeak-ng-data") });

        Assert.Contains("no espeak-ng-data folder", ex.Message);
    }

    [Fact]
    public void Create_EspeakDataOfAnotherFormat_IsRefused()
    {
        using var files = new TempVoice();
        var data = Directory.CreateDirectory(files.PathOf("espeak-ng-data")).FullName;
        foreach (var name in new[] { "phontab", "phonindex", "phondata", "intonations" })
        {
            File.WriteAllBytes(Path.Combine(data, name), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }

        Assert.Contains("not espeak-ng phoneme data", Refused(files.Settings with { DataDirectory = data }).Message);
    }

    [Fact]
    public void Create_VoiceEspeakDoesNotHave_IsRefused()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { EspeakVoice = "xx-nowhere" });

        Assert.Contains("no espeak-ng voice 'xx-nowhere'", Refused(files.Settings).Message);
    }

    [Fact]
    public void Create_EspeakDataWithoutTheVoicesDictionary_IsRefused()
    {
        using var files = new TempVoice();
        var data = Directory.CreateDirectory(files.PathOf("espeak-ng-data")).FullName;
        foreach (var name in new[] { "phontab", "phonindex", "phondata", "intonations" })
        {
            File.Copy(Path.Combine(VitsVoiceSettings.SystemDataDirectory, name), Path.Combine(data, name));
        }

        Directory.CreateDirectory(Path.Combine(data, "lang", "gmw"));
        File.Copy(Path.Combine(VitsVoiceSettings.SystemDataDirectory, "lang", "gmw", "en-US"), Path.Combine(data, "lang", "gmw", "en-US"));

        Assert.Contains("has no en_dict", Refused(files.Settings with { DataDirectory = data }).Message);
    }

    [Fact]
    public void Create_ModelWithOtherInputs_IsRefused()
    {
        using var files = new TempVoice();
        var model = new OnnxModelWriter()
            .Input("text", OnnxElementType.Integer64, 1, "N")
            .Output("audio", OnnxElementType.Real32, 1, "T")
            .Node("Cast", ["text"], ["audio"], new OnnxNodeOption("to", IntegerValue: 1))
            .Metadata("comment", "piper").Metadata("language", "English").Metadata("voice", "en-us")
            .Metadata("n_speakers", "1").Metadata("sample_rate", "22050")
            .ToArray();
        File.WriteAllBytes(files.Settings.ModelPath, model);

        Assert.Contains("a piper VITS voice does not have", Refused(files.Settings).Message);
    }

    private static SherpaOnnxException Refused(VitsVoiceSettings settings)
    {
        var ex = Assert.Throws<SherpaOnnxException>(() => VitsVoice.Create(settings));
        Assert.Equal(-2, ex.NativeCode);
        return ex;
    }
}
