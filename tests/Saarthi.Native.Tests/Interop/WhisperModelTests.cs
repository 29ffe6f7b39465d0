using System.Text;
using Saarthi.Native.Interop.Ggml;
using Saarthi.Native.Interop.Whisper;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

public sealed class WhisperModelTests(WhisperFixture fixture, ITestOutputHelper output) : IClassFixture<WhisperFixture>
{
    [Fact]
    public void Load_RandomTestModel_LoadsWithTheGeneratedHyperparameters()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);

        output.WriteLine($"loaded {new FileInfo(fixture.ModelPath).Length / 1e6:F1} MB in {model.LoadTime.TotalMilliseconds:F0} ms");
        Assert.True(model.IsMultilingual);
        Assert.Equal(51865, model.VocabularySize);
        Assert.Equal("unknown", model.SizeClass); // 1 encoder layer is no released size
        Assert.Contains("hi", model.Languages);
        Assert.Equal(99, model.Languages.Count);
        Assert.NotNull(model.Info);
        Assert.Equal(64, model.Info.State);
        Assert.Equal(1, model.Info.FileType);
        Assert.Equal(7 + 15 + 4 + 24, model.Info.TensorCount);
        Assert.Equal(50257, model.Info.VocabularyEntries);
    }

    [Fact]
    public void Load_QuantizedQ8_0Model_LoadsAndTranscribes()
    {
        using var q8 = new TempWhisperModel(new TinyWhisperSpec { WeightType = TinyWhisperWeightType.Q8 });

        using var model = WhisperModel.Load(q8.Path);
        using var session = model.CreateSession();
        var result = session.Transcribe(WhisperTestAudio.Babble(2), new WhisperDecodeOptions { Threads = 1, Language = "en" }, TestContext.Current.CancellationToken);

        output.WriteLine($"q8_0: {new FileInfo(q8.Path).Length / 1e6:F1} MB, text '{result.Text[..Math.Min(60, result.Text.Length)]}…'");
        Assert.Equal(7, model.Info!.FileType);
        Assert.Equal(2, model.Info.QuantizationVersion);
        Assert.NotEmpty(result.Text);
    }

    [Fact]
    public void Load_EnglishOnlyModel_KnowsOnlyEnglishAndRejectsOtherLanguages()
    {
        using var english = new TempWhisperModel(new TinyWhisperSpec { Vocabulary = 51864 });

        using var model = WhisperModel.Load(english.Path);
        using var session = model.CreateSession();
        var result = session.Transcribe(WhisperTestAudio.Babble(1), new WhisperDecodeOptions { Threads = 1 }, TestContext.Current.CancellationToken);

        Assert.False(model.IsMultilingual);
        Assert.Equal(["en"], model.Languages);
        Assert.Equal("en", result.Language);
        var error = Assert.Throws<ArgumentException>(() => session.Transcribe(WhisperTestAudio.Babble(1), new WhisperDecodeOptions { Language = "hi" }, TestContext.Current.CancellationToken));
        Assert.Contains("English-only", error.Message);
        Assert.Throws<InvalidOperationException>(() => session.DetectLanguage(WhisperTestAudio.Babble(1), 1, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Load_MissingFile_ThrowsWhisperModelExceptionMissing()
    {
        var path = Path.Combine(fixture.Directory, "no-such-model.bin");

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        output.WriteLine(error.Message);
        Assert.Equal(WhisperModelProblem.Missing, error.Problem);
        Assert.Equal(path, error.ModelPath);
        Assert.Contains("no-such-model.bin", error.Message);
        Assert.Equal("whisper", error.Library);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("mel filters")]
    [InlineData("vocabulary")]
    [InlineData("first tensor")]
    [InlineData("last tensor")]
    public void Load_TruncatedFile_ThrowsTruncated(string where)
    {
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        const int vocabularyStart = 4 + (11 * 4) + 8 + (80 * 201 * 4);
        var length = where switch
        {
            "header" => 30,
            "mel filters" => 4000,
            "vocabulary" => vocabularyStart + 100_000,
            "first tensor" => bytes.AsSpan().IndexOf("encoder.positional_embedding"u8) + 1000,
            _ => bytes.Length - 100,
        };
        var path = Path.Combine(fixture.Directory, $"truncated-{where.Replace(' ', '-')}.bin");
        File.WriteAllBytes(path, bytes[..length]);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        output.WriteLine(error.Message);
        Assert.Equal(WhisperModelProblem.Truncated, error.Problem);
        Assert.Contains("truncated", error.Message);
        Assert.Contains(where is "first tensor" or "last tensor" ? "tensor" : where, error.Message);
    }

    [Fact]
    public void Load_LastTensorMissing_ThrowsTruncatedNamingIt()
    {
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        var lastTensorBytes = 12 + 4 + "decoder.ln.bias".Length + (64 * 4);
        var path = Path.Combine(fixture.Directory, "missing-last-tensor.bin");
        File.WriteAllBytes(path, bytes[..^lastTensorBytes]);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Equal(WhisperModelProblem.Truncated, error.Problem);
        Assert.Contains("decoder.ln.bias", error.Message);
    }

    [Fact]
    public void Load_RandomBytes_ThrowsNotAWhisperModel()
    {
        var path = Path.Combine(fixture.Directory, "random.bin");
        var bytes = new byte[100_000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        output.WriteLine(error.Message);
        Assert.Equal(WhisperModelProblem.NotAWhisperModel, error.Problem);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNotAWhisperModel()
    {
        var path = Path.Combine(fixture.Directory, "empty.bin");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        Assert.Equal(WhisperModelProblem.NotAWhisperModel, error.Problem);
    }

    [Fact]
    public void Load_LlamaGguf_ThrowsNotAWhisperModelSayingGguf()
    {
        var path = WriteGguf(Path.Combine(fixture.Directory, "llm.gguf"));

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path));

        output.WriteLine(error.Message);
        Assert.Equal(WhisperModelProblem.NotAWhisperModel, error.Problem);
        Assert.Contains("GGUF", error.Message);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("gguf")]
    public void Load_BadFileWithoutValidation_WhisperRefusesItAndItsOwnErrorIsInTheException(string kind)
    {
        var path = Path.Combine(fixture.Directory, $"unvalidated-{kind}.bin");
        if (kind == "gguf")
        {
            WriteGguf(path);
        }
        else
        {
            var bytes = new byte[10_000];
            new Random(5).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
        }

        var error = Assert.Throws<WhisperModelException>(() => WhisperModel.Load(path, new WhisperModelOptions { Validate = false }));

        output.WriteLine(error.Message);
        Assert.Equal(WhisperModelProblem.Rejected, error.Problem);
        Assert.Contains("whisper said: whisper_model_load: invalid model data (bad magic)", error.Message);
    }

    [Fact]
    public void Inspect_VocabularyWithoutBlankToken_ThrowsCorruptBeforeWhisperCouldAbort()
    {
        // Rewrite token 220 (" ") as "!": whisper_full would then throw std::out_of_range through C and kill the process.
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        var offset = 4 + (11 * 4) + 8 + (80 * 201 * 4) + 4;
        for (var i = 0; i < 220; i++)
        {
            offset += 4 + BitConverter.ToInt32(bytes, offset);
        }

        Assert.Equal(1, BitConverter.ToInt32(bytes, offset));
        Assert.Equal((byte)' ', bytes[offset + 4]);
        bytes[offset + 4] = (byte)'!';
        var path = Path.Combine(fixture.Directory, "no-blank.bin");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModelFile.Inspect(path));

        Assert.Equal(WhisperModelProblem.Corrupt, error.Problem);
        Assert.Contains("\" \" token", error.Message);
    }

    [Fact]
    public void Inspect_WrongTensorShape_ThrowsCorruptNamingTheTensor()
    {
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        var name = Encoding.ASCII.GetBytes("encoder.positional_embedding");
        var at = bytes.AsSpan().IndexOf(name);
        BitConverter.TryWriteBytes(bytes.AsSpan(at - 4, 4), 1499); // ne[1]: n_audio_ctx
        var path = Path.Combine(fixture.Directory, "bad-shape.bin");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<WhisperModelException>(() => WhisperModelFile.Inspect(path));

        Assert.Equal(WhisperModelProblem.Corrupt, error.Problem);
        Assert.Contains("encoder.positional_embedding", error.Message);
    }

    [Fact]
    public void TensorTypes_ManagedTable_MatchesLibggml()
    {
        using var model = WhisperModel.Load(fixture.ModelPath); // loads libwhisper and its ggml

        foreach (var (type, (block, bytes)) in WhisperModelFile.TensorTypes)
        {
            Assert.Equal((long)block, WhisperNative.ggml_blck_size(type));
            Assert.Equal((nuint)bytes, WhisperNative.ggml_type_size(type));
        }
    }

    [Fact]
    public void Languages_CodesAndIds_RoundTripThroughWhisper()
    {
        Assert.Equal(17, WhisperModel.LanguageId("hi"));
        Assert.Equal(17, WhisperModel.LanguageId("hindi"));
        Assert.Equal(17, WhisperModel.LanguageId(" HI "));
        Assert.Equal("hi", WhisperModel.LanguageCode(17));
        Assert.Equal("en", WhisperModel.AllLanguages[0]);
        Assert.Null(WhisperModel.LanguageId("xx"));
        Assert.Null(WhisperModel.LanguageId(""));
        Assert.Null(WhisperModel.LanguageCode(1000));
        Assert.Null(WhisperModel.LanguageCode(-1));
        foreach (var code in new[] { "as", "bn", "en", "gu", "hi", "kn", "ml", "mr", "ne", "pa", "ta", "te", "ur" })
        {
            Assert.Contains(code, WhisperModel.AllLanguages);
        }
    }

    [Fact]
    public void SystemInfoAndVersion_AfterBackendsLoad_DescribeTheBuild()
    {
        output.WriteLine($"{WhisperModel.Version}: {WhisperModel.SystemInfo}");
        Assert.StartsWith("1.9.3", WhisperModel.Version);
        Assert.Contains("CPU", WhisperModel.SystemInfo);
    }

    [Fact]
    public void Dispose_ModelBeforeSession_SessionKeepsTheWeightsAlive()
    {
        var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        var before = session.Transcribe(WhisperTestAudio.Babble(1), new WhisperDecodeOptions { Threads = 1, Language = "en" }, TestContext.Current.CancellationToken);

        model.Dispose();
        var after = session.Transcribe(WhisperTestAudio.Babble(1), new WhisperDecodeOptions { Threads = 1, Language = "en" }, TestContext.Current.CancellationToken);

        Assert.Equal(before.Text, after.Text);
        Assert.Throws<ObjectDisposedException>(model.CreateSession);
    }

    [Fact]
    public void SetSink_WhileLoading_ReceivesWhisperLogLinesInsteadOfStderr()
    {
        var lines = new List<(GgmlLogLevel Level, string Line)>();
        WhisperLog.SetSink((level, line) =>
        {
            lock (lines)
            {
                lines.Add((level, line));
            }
        });
        try
        {
            using var model = WhisperModel.Load(fixture.ModelPath);
        }
        finally
        {
            WhisperLog.SetSink(null);
        }

        lock (lines)
        {
            Assert.Contains(lines, l => l.Level == GgmlLogLevel.Info && l.Line.Contains("whisper_model_load: n_vocab       = 51865"));
            Assert.DoesNotContain(lines, l => l.Line.EndsWith('\n'));
        }
    }

    /// <summary>A minimal GGUF v3 file (what llama.cpp loads): magic, version, no tensors, one metadata string.</summary>
    private static string WriteGguf(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("GGUF"u8);
        writer.Write(3u);       // version
        writer.Write(0UL);      // tensors
        writer.Write(1UL);      // metadata entries
        var key = "general.architecture"u8;
        writer.Write((ulong)key.Length);
        writer.Write(key);
        writer.Write(8u);       // GGUF_TYPE_STRING
        var value = "llama"u8;
        writer.Write((ulong)value.Length);
        writer.Write(value);
        writer.Write(new byte[4096]);
        return path;
    }
}
