using System.Diagnostics;
using Saarthi.Native.Interop.Pocketsphinx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>The pocketsphinx 0.8 binding against Debian's libpocketsphinx3 + pocketsphinx-en-us and espeak-ng speech.</summary>
public sealed class PocketsphinxDecoderTests(PocketsphinxDecoderTests.DecoderFixture fixture, ITestOutputHelper output)
    : IClassFixture<PocketsphinxDecoderTests.DecoderFixture>
{
    private const string Grammar = """
        #JSGF V1.0;
        grammar kiosk;
        public <question> = [what is | how do i apply for] <scheme>;
        <scheme> = pm kisan | kisan samman nidhi | atal pension | crop insurance | old age pension;
        """;

    [Fact]
    public void LookupWord_CmudictWordAndUnknownWord_PhonesOrNull()
    {
        var decoder = Fixture.Decoder;

        Assert.Equal("P EH N SH AH N", decoder.LookupWord("pension"));
        Assert.Null(decoder.LookupWord("qxzvyojana"));
    }

    [Fact]
    public void AddWords_NewWordAndAlternate_AreLookedUpAndExistingOnesSkipped()
    {
        var decoder = Fixture.Decoder;

        var added = decoder.AddWords([new("testyojana", "Y OW JH AH N AA"), new("testyojana(2)", "Y OW JH AA N AH"), new("pension", "P EH N SH AH N")]);

        Assert.Equal(2, added);
        Assert.Equal("Y OW JH AH N AA", decoder.LookupWord("testyojana"));
        Assert.Equal("Y OW JH AA N AH", decoder.LookupWord("testyojana(2)"));
    }

    [Fact]
    public void AddWords_UnknownPhone_ThrowsPocketsphinxException()
    {
        var ex = Assert.Throws<PocketsphinxException>(() => Fixture.Decoder.AddWords([new("badphoneword", "K QQ N")]));

        Assert.Equal(NativeLibraryNames.PocketSphinx, ex.Library);
        Assert.StartsWith("ps_add_word", ex.Operation);
        Assert.True(ex.NativeCode < 0);
    }

    [Fact]
    public void Decode_GrammarOnEspeakSpeech_RecognisesThePhraseWithWordTimes()
    {
        var speech = PocketsphinxTestAudio.Speak("how do I apply for atal pension");
        var clock = Stopwatch.StartNew();

        var result = Fixture.Decoder.Decode("kiosk", speech, cancellationToken: TestContext.Current.CancellationToken);

        clock.Stop();
        var seconds = speech.Length / (double)PocketsphinxTestAudio.SampleRate;
        output.WriteLine($"'{result.Hypothesis}' posterior {result.Posterior:0.000}, {result.Frames} frames, RTF {clock.Elapsed.TotalSeconds / seconds:0.000}");
        Assert.Equal("how do i apply for atal pension", result.Hypothesis);
        Assert.Equal("kiosk", result.Search);
        // pocketsphinx 0.8 drops frames its own front-end VAD calls silence (-remove_silence yes), so fewer than 100 per second.
        Assert.InRange(result.Frames, (int)(seconds * 100 * 0.7), (int)(seconds * 100) + 3);
        var words = result.Words.Where(w => !w.IsFiller).Select(w => w.Word).ToArray();
        Assert.Equal(["how", "do", "i", "apply", "for", "atal", "pension"], words);
        Assert.All(result.Words, w => Assert.True(w.EndFrame >= w.StartFrame));
        Assert.True(result.Words.Zip(result.Words.Skip(1)).All(p => p.Second.StartFrame > p.First.EndFrame), "segments are in time order");
    }

    [Fact]
    public void Decode_Silence_GivesNoHypothesisAndDoesNotCrash()
    {
        var silence = new short[PocketsphinxTestAudio.SampleRate];

        var result = Fixture.Decoder.Decode("kiosk", silence, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(string.IsNullOrEmpty(result.Hypothesis), result.Hypothesis);
    }

    [Fact]
    public void Decode_UnknownSearch_ThrowsBeforeTouchingTheDecoder()
    {
        var ex = Assert.Throws<PocketsphinxException>(() => Fixture.Decoder.Decode("nope", new short[1600], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("nope", ex.Operation);
        Assert.Contains("kiosk", ex.Message);
    }

    [Fact]
    public void Decode_CancelledBetweenChunks_StopsEarlyAndTheDecoderStaysUsable()
    {
        var speech = PocketsphinxTestAudio.Speak("what is crop insurance");
        var long40s = Enumerable.Repeat(speech, 25).SelectMany(s => s).ToArray();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(40));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => Fixture.Decoder.Decode("kiosk", long40s, cancellationToken: cts.Token));

        clock.Stop();
        var full = Stopwatch.StartNew();
        _ = Fixture.Decoder.Decode("kiosk", long40s, cancellationToken: TestContext.Current.CancellationToken);
        full.Stop();
        output.WriteLine($"cancelled after {clock.ElapsedMilliseconds} ms; the whole 40 s takes {full.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < full.Elapsed / 2, "cancellation stopped decoding between chunks");
        var after = Fixture.Decoder.Decode("kiosk", speech, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("what is crop insurance", after.Hypothesis);
    }

    [Fact]
    public void AddGrammar_WordMissingFromDictionary_ThrowsWithPocketsphinxOwnReason()
    {
        var log = Path.Combine(Path.GetTempPath(), $"saarthi-ps-{Guid.NewGuid():N}.log");
        try
        {
            using var decoder = PocketsphinxDecoder.Create(PocketsphinxConfig.English() with { LogFile = log });

            var ex = Assert.Throws<PocketsphinxException>(() =>
                decoder.AddGrammar("g", "#JSGF V1.0;\ngrammar g;\npublic <s> = hello qxzvyojana;\n"));

            Assert.Contains("ps_set_jsgf_string", ex.Operation);
            Assert.Contains("qxzvyojana", ex.Message); // "The word 'qxzvyojana' is missing in the dictionary"
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void Create_UnknownOption_ThrowsPocketsphinxExceptionFromCmdLnParse()
    {
        var config = PocketsphinxConfig.English() with { ExtraOptions = new Dictionary<string, string> { ["-no_such_option"] = "1" } };

        var ex = Assert.Throws<PocketsphinxException>(() => PocketsphinxDecoder.Create(config));

        Assert.Equal("cmd_ln_parse_r", ex.Operation);
        Assert.Contains("-no_such_option", ex.Message);
    }

    [Fact]
    public void Create_MissingModel_NamesThePathAndThePackage()
    {
        var config = PocketsphinxConfig.English("/nonexistent/model");

        var ex = Assert.Throws<DirectoryNotFoundException>(() => PocketsphinxDecoder.Create(config));

        Assert.Contains("/nonexistent/model/en-us", ex.Message);
        Assert.Contains("pocketsphinx-en-us", ex.Message);
    }

    [Fact]
    public void Decode_LanguageModel_GivesOpenVocabularyText()
    {
        var speech = PocketsphinxTestAudio.Speak("hello how are you today");

        var result = Fixture.Decoder.Decode("lm", speech, cancellationToken: TestContext.Current.CancellationToken);

        output.WriteLine($"lm: '{result.Hypothesis}' posterior {result.Posterior:0.0000}");
        Assert.False(string.IsNullOrWhiteSpace(result.Hypothesis));
        Assert.InRange(result.Posterior, 0, 1);
    }

    [Fact]
    public void RemoveSearch_TheActiveGrammar_SwitchesAwayFirstAndTheDecoderStaysUsable()
    {
        using var decoder = PocketsphinxDecoder.Create(PocketsphinxConfig.English());
        decoder.AddGrammar("one", "#JSGF V1.0;\ngrammar one;\npublic <s> = crop insurance;\n");
        decoder.AddGrammar("two", "#JSGF V1.0;\ngrammar two;\npublic <s> = old age pension;\n");
        var speech = PocketsphinxTestAudio.Speak("old age pension");
        _ = decoder.Decode("one", speech, cancellationToken: TestContext.Current.CancellationToken); // "one" is now active

        Assert.True(decoder.RemoveSearch("one"));
        Assert.False(decoder.RemoveSearch("one"));

        Assert.Equal(["two"], decoder.Searches);
        Assert.Equal("old age pension", decoder.Decode("two", speech, cancellationToken: TestContext.Current.CancellationToken).Hypothesis);
        Assert.Throws<InvalidOperationException>(() => decoder.RemoveSearch("two"));
    }

    [Fact]
    public void BaseWord_AlternateSuffix_IsRemoved()
    {
        Assert.Equal("kisan", PocketsphinxDecoder.BaseWord("kisan(2)"));
        Assert.Equal("<sil>", PocketsphinxDecoder.BaseWord("<sil>"));
        Assert.Equal("(NULL)", PocketsphinxDecoder.BaseWord("(NULL)"));
    }

    private DecoderFixture Fixture => fixture;

    /// <summary>One decoder for the class (ps_init takes ~0.2 s): the test grammar plus the general language model.</summary>
    public sealed class DecoderFixture : IDisposable
    {
        public DecoderFixture()
        {
            Decoder = PocketsphinxDecoder.Create(PocketsphinxConfig.English());
            Decoder.AddWords([new("kisan", "K IH S AH N"), new("samman", "S AE M AH N"), new("nidhi", "N IH D AY"), new("atal", "AE T AH L")]);
            Decoder.AddGrammar("kiosk", Grammar);
            Decoder.AddLanguageModel("lm", Decoder.Config.LanguageModelPath);
        }

        public PocketsphinxDecoder Decoder { get; }

        public void Dispose() => Decoder.Dispose();
    }
}
