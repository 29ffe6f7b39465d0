using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Native.Interop.Llama;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

public sealed class LlamaModelTests(LlamaFixture fixture) : IClassFixture<LlamaFixture>
{
    [Fact]
    public void Load_TinyRandomModel_ReportsItsShapeAndVocabulary()
    {
        var model = fixture.Model;

        Assert.Equal(TinyLlamaModel.Vocabulary.Count, model.VocabularySize);
        Assert.Equal(64, model.EmbeddingSize);
        Assert.Equal(2, model.Layers);
        Assert.Equal(4096, model.TrainedContextLength);
        Assert.Equal(1, model.BeginningOfSequence);
        Assert.Equal(TinyLlamaModel.EndOfSequence, model.EndOfSequence);
        Assert.True(model.AddsBeginningOfSequence);
        Assert.Contains("Q8_0", model.Description, StringComparison.Ordinal);
        Assert.InRange(new FileInfo(fixture.ModelPath).Length, 100_000, 200_000);
        Assert.Equal("llama", model.Info!.Architecture);
        Assert.Equal(21, model.Info.Tensors.Count);
        Assert.Equal("saarthi-tiny-random", model.Metadata("general.name"));
        Assert.Equal("4096", model.Metadata("llama.context_length"));
        Assert.Null(model.Metadata("no.such.key"));
    }

    [Fact]
    public void Write_SameSpecTwice_GivesTheSameBytes()
    {
        var a = GgufTestModels.Write(fixture.Directory, name: "a.gguf");
        var b = GgufTestModels.Write(fixture.Directory, name: "b.gguf");

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Tokenize_AsciiSentence_UsesMergesAndDetokenizesBack()
    {
        var model = fixture.Model;
        const string text = "the answer is 42";

        var tokens = model.Tokenize(text);

        Assert.Equal(model.BeginningOfSequence, tokens[0]);
        Assert.Contains(tokens, t => model.TokenText(t) == "▁the");
        // SentencePiece prefixes a space (add_space_prefix); removeSpecial drops the BOS.
        Assert.Equal(" " + text, model.Detokenize(tokens, removeSpecial: true));
    }

    [Fact]
    public void TokenizeDetokenize_AnyText_RoundTrips()
    {
        var model = fixture.Model;
        // ASCII, Devanagari, rupee signs and digits: characters outside the vocabulary go through byte tokens.
        var alphabet = "abcdefghijklmnopqrstuvwxyzABC 0123456789.,?!₹कखगघचछजटडतदनपबमयरलवशसहािीुूेैोौंः्".ToCharArray();
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(alphabet)).Select(c => new string(c).Trim()).Where(s => s.Length > 0 && !s.Contains("  ", StringComparison.Ordinal)).ToArbitrary(),
            text =>
            {
                // Without BOS, llama drops the space SentencePiece put in front: the text comes back exactly.
                var tokens = model.Tokenize(text, addSpecial: false);
                return model.Detokenize(tokens) == text;
            });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tokenize_ChatMarkersWithParseSpecial_AreSingleControlTokens()
    {
        var model = fixture.Model;

        var parsed = model.Tokenize("<|im_start|>user\nhi<|im_end|>", addSpecial: false, parseSpecial: true);
        var literal = model.Tokenize("<|im_start|>", addSpecial: false, parseSpecial: false);

        Assert.Equal("<|im_start|>", model.TokenText(parsed[0]));
        Assert.Equal("<|im_end|>", model.TokenText(parsed[^1]));
        Assert.True(model.IsEndOfGeneration(parsed[^1]));
        Assert.True(literal.Length > 3, "without parseSpecial the marker is plain text");
    }

    [Fact]
    public void TokenToPiece_ByteTokens_GiveSingleBytesOfUtf8()
    {
        var model = fixture.Model;
        var tokens = model.Tokenize("₹", addSpecial: false);
        var bytes = new List<byte>();
        Span<byte> buffer = stackalloc byte[16];

        foreach (var t in tokens)
        {
            var n = model.TokenToPiece(t, buffer);
            bytes.AddRange(buffer[..n].ToArray());
        }

        Assert.Equal(" ₹", Encoding.UTF8.GetString([.. bytes]));
    }

    [Fact]
    public void ApplyChatTemplate_ModelsOwnChatMl_FramesEveryTurnAndOpensTheAnswer()
    {
        var prompt = fixture.Model.ApplyChatTemplate([new("system", "Be brief."), new("user", "PM-KISAN?")]);

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nPM-KISAN?<|im_end|>\n<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public void ApplyChatTemplate_TemplateLlamaDoesNotKnow_ReturnsNull()
    {
        Assert.Null(fixture.Model.ApplyChatTemplate([new("user", "hi")], template: "{{ something llama.cpp has never seen }}"));
        Assert.NotNull(fixture.Model.ApplyChatTemplate([new("user", "hi")], template: "llama2"));
    }

    [Fact]
    public void Load_ModelWithoutChatTemplate_HasNone()
    {
        var path = GgufTestModels.Write(fixture.Directory, new TinyLlamaSpec { ChatTemplate = null }, "no-template.gguf");
        using var model = LlamaModel.Load(path);

        Assert.Null(model.ChatTemplate);
        Assert.Null(model.ApplyChatTemplate([new("user", "hi")]));
    }

    [Fact]
    public void Load_MissingFile_ThrowsMissing()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(Path.Combine(fixture.Directory, "nowhere.gguf")));

        Assert.Equal(LlamaModelProblem.Missing, e.Problem);
        Assert.Contains("nowhere.gguf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsTruncatedNamingTheTensor()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(GgufTestModels.WriteTruncated(fixture.Directory)));

        Assert.Equal(LlamaModelProblem.Truncated, e.Problem);
        Assert.Contains("tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedInsideTheHeader_ThrowsTruncated()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(GgufTestModels.WriteTruncated(fixture.Directory, 0.01, "header-cut.gguf")));

        Assert.Equal(LlamaModelProblem.Truncated, e.Problem);
    }

    [Fact]
    public void Load_TextFile_ThrowsNotGguf()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(GgufTestModels.WriteNotGguf(fixture.Directory)));

        Assert.Equal(LlamaModelProblem.NotGguf, e.Problem);
    }

    [Fact]
    public void Load_LegacyGgmlFile_SaysWhatItIs()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(GgufTestModels.WriteLegacyGgml(fixture.Directory)));

        Assert.Equal(LlamaModelProblem.NotGguf, e.Problem);
        Assert.Contains("legacy ggml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DamagedVersion_ThrowsCorrupt()
    {
        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(GgufTestModels.WriteBadVersion(fixture.Directory)));

        Assert.Equal(LlamaModelProblem.Corrupt, e.Problem);
    }

    [Fact]
    public void Load_TruncatedWithoutManagedValidation_IsRefusedByLlamaInItsOwnWords()
    {
        var path = GgufTestModels.WriteTruncated(fixture.Directory, 0.6, "unchecked.gguf");

        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(path, new LlamaModelOptions { Validate = false }));

        Assert.Equal(LlamaModelProblem.Rejected, e.Problem);
        Assert.Contains("llama said", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorTypes_ManagedTable_MatchesGgml()
    {
        LlamaBackend.EnsureInitialized();
        foreach (var (type, (block, bytes)) in GgufFile.TensorTypes)
        {
            Assert.Equal(block, LlamaNative.ggml_blck_size(type));
            Assert.Equal((nuint)bytes, LlamaNative.ggml_type_size(type));
        }
    }

    [Fact]
    public void Inspect_WrittenModel_ReadsBackMetadataAndLayout()
    {
        var info = GgufFile.Inspect(fixture.ModelPath);

        Assert.Equal(3, info.Version);
        Assert.Equal(TinyLlamaModel.ChatMlTemplate, info.ChatTemplate);
        Assert.Equal(TinyLlamaModel.Vocabulary.Count, ((object[])info.Metadata["tokenizer.ggml.tokens"]).Length);
        Assert.Equal(0, info.DataOffset % 32);
        var last = info.Tensors.MaxBy(t => t.Offset)!;
        Assert.InRange(info.FileSize - (info.DataOffset + (long)last.Offset + last.ByteSize), 0, 31); // padded to the alignment
    }

    [Fact]
    public void SystemInfo_AfterInitialisation_NamesCpuFeatures()
    {
        Assert.Contains("CPU", LlamaBackend.SystemInfo, StringComparison.Ordinal);
    }
}
