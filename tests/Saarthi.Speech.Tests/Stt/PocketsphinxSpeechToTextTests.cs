using System.Diagnostics;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Stt.Grammar;
using Xunit;

namespace Saarthi.Speech.Tests.Stt;

/// <summary>PocketsphinxSpeechToText on telephone-band espeak-ng speech: grammars, confidence, fallback, cancellation.</summary>
public sealed class PocketsphinxSpeechToTextTests(PocketsphinxSeedFixture fixture, ITestOutputHelper output) : IClassFixture<PocketsphinxSeedFixture>
{
    [Fact]
    public async Task TranscribeAsync_QuestionInTheGrammar_IsHeardConfidentlyByTheGrammarPass()
    {
        var ct = TestContext.Current.CancellationToken;
        var audio = await PocketsphinxTelephoneChannel.SpeakAsync("how do I apply for Atal Pension Yojana", ct);

        var t = await fixture.Stt.TranscribeAsync(audio, "en", ct);

        output.WriteLine($"'{t.Text}' {t.Confidence:0.00} {t.Engine} RTF {t.RealTimeFactor:0.000}");
        Assert.Equal("how do i apply for atal pension yojana", t.Text);
        Assert.Equal("pocketsphinx:en-us+jsgf", t.Engine);
        Assert.Equal(fixture.Stt.Engine, t.Engine);
        Assert.Equal("en", t.Language);
        Assert.True(t.Confidence >= 0.6, $"confidence {t.Confidence}");
        Assert.Equal(audio.Duration, t.AudioDuration);
        Assert.Null(t.NoSpeechProbability);
    }

    [Fact]
    public async Task RecognizeAsync_ReplyExpected_HearsNumbersWithTheReplyGrammar()
    {
        var ct = TestContext.Current.CancellationToken;
        var age = await PocketsphinxTelephoneChannel.SpeakAsync("I am sixty two years old", ct);
        var yes = await PocketsphinxTelephoneChannel.SpeakAsync("yes please", ct);

        var heardAge = await fixture.Stt.RecognizeAsync(age, ExpectedSpeech.Reply, ct);
        var heardYes = await fixture.Stt.RecognizeAsync(yes, ExpectedSpeech.Reply, ct);

        output.WriteLine($"'{heardAge.Transcript.Text}' {heardAge.Transcript.Confidence:0.00}; '{heardYes.Transcript.Text}'");
        Assert.StartsWith("reply", heardAge.Grammar.Search, StringComparison.Ordinal);
        // The tens are S/F-confusable through a 3.4 kHz channel ("sixty"/"fifty"): the shape and the units must be right.
        Assert.Matches("^i am [a-z]+ty two years old$", heardAge.Transcript.Text);
        Assert.Equal("yes please", heardYes.Transcript.Text);
    }

    [Fact]
    public async Task TranscribeAsync_SentencesOutsideTheGrammar_GetLowConfidence()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] sentences =
        [
            "the weather is very nice today and I went to the market",
            "my neighbour is building a new house",
            "is it going to rain tomorrow",
            "when does the next train leave for Patna",
        ];

        foreach (var sentence in sentences)
        {
            var r = await fixture.Stt.RecognizeAsync(await PocketsphinxTelephoneChannel.SpeakAsync(sentence, ct), ExpectedSpeech.Question, ct);

            output.WriteLine($"{sentence} → '{r.Transcript.Text}' [{r.Transcript.Engine}, {r.Transcript.Confidence:0.00}] " +
                $"grammar '{r.Grammar.Text}' {r.Grammar.AcousticPerFrame:0.0}/frame, lm '{r.LanguageModel?.Text}' {r.LanguageModel?.AcousticPerFrame:0.0}");
            Assert.True(r.Transcript.Confidence < 0.6, $"'{sentence}' heard as '{r.Transcript.Text}' with confidence {r.Transcript.Confidence}");
            Assert.NotNull(r.LanguageModel); // a poor grammar score runs the open-vocabulary pass
        }
    }

    [Fact]
    public async Task TranscribeAsync_SilenceOrFaintHissAfterLoudSpeech_GivesNothingWithoutConfidence()
    {
        var ct = TestContext.Current.CancellationToken;
        var speech = await PocketsphinxTelephoneChannel.SpeakAsync("documents for Sukanya Samriddhi Yojana", ct);
        var loud = new AudioFrame(speech.Format, speech.Samples.ToArray().Select(s => (short)Math.Clamp(s * 4, short.MinValue, short.MaxValue)).ToArray(), TimeSpan.Zero);
        var random = new Random(7);
        var hiss = new AudioFrame(AudioFormat.Telephone8k, Enumerable.Range(0, 16000).Select(_ => (short)random.Next(-20, 21)).ToArray(), TimeSpan.Zero);
        var silence = new AudioFrame(AudioFormat.Telephone8k, new short[8000], TimeSpan.Zero);

        foreach (var quiet in new[] { silence, hiss })
        {
            _ = await fixture.Stt.TranscribeAsync(loud, null, ct);
            var t = await fixture.Stt.TranscribeAsync(quiet, null, ct);

            Assert.Equal(string.Empty, t.Text);
            Assert.Equal(0, t.Confidence);
            Assert.Equal(1, t.NoSpeechProbability);
        }
    }

    [Fact]
    public async Task RecognizeAsync_CancelledWhileDecoding_StopsAfterTheRunningPassAndStaysUsable()
    {
        var ct = TestContext.Current.CancellationToken;
        var question = await PocketsphinxTelephoneChannel.SpeakAsync("what is crop insurance", ct);
        var long30s = new AudioFrame(question.Format, Enumerable.Repeat(question.Samples.ToArray(), 20).SelectMany(s => s).ToArray(), TimeSpan.Zero);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Stt.RecognizeAsync(long30s, ExpectedSpeech.Question, cts.Token));

        output.WriteLine($"cancelled after {clock.ElapsedMilliseconds} ms ({long30s.Duration.TotalSeconds:0} s of audio)");
        var after = await fixture.Stt.TranscribeAsync(question, null, ct);
        Assert.Equal("what is crop insurance", after.Text);
    }

    [Fact]
    public async Task RecognizeAsync_SameAudio_GivesTheSameWordsWhateverWasHeardBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        var question = await PocketsphinxTelephoneChannel.SpeakAsync("how do I apply for Atal Pension Yojana", ct);
        var other = await PocketsphinxTelephoneChannel.SpeakAsync("documents for Sukanya Samriddhi Yojana", ct);
        var loud = new AudioFrame(other.Format, other.Samples.ToArray().Select(s => (short)Math.Clamp(s * 4, short.MinValue, short.MaxValue)).ToArray(), TimeSpan.Zero);

        var first = await fixture.Stt.RecognizeAsync(question, ExpectedSpeech.Question, ct);
        _ = await fixture.Stt.RecognizeAsync(loud, ExpectedSpeech.Question, ct);
        _ = await fixture.Stt.RecognizeAsync(new AudioFrame(AudioFormat.Telephone8k, new short[16000], TimeSpan.Zero), ExpectedSpeech.Reply, ct);
        var again = await fixture.Stt.RecognizeAsync(question, ExpectedSpeech.Question, ct);

        // Batch CMN and no noise subtraction took the history out of the features (live CMN had changed the words).
        // pocketsphinx's silence detector still tracks the noise level across utterances, which moves the score by a
        // fraction of a unit at most (seen: −43.10 / −43.48): the words must be the same, the scores close.
        Assert.Equal(first.Grammar.Text, again.Grammar.Text);
        Assert.Equal(first.Transcript.Text, again.Transcript.Text);
        Assert.InRange(again.Grammar.AcousticPerFrame, first.Grammar.AcousticPerFrame - 1, first.Grammar.AcousticPerFrame + 1);
        Assert.InRange(again.Transcript.Confidence, first.Transcript.Confidence - 0.1, first.Transcript.Confidence + 0.1);
    }

    [Fact]
    public async Task TranscribeAsync_AlreadyCancelled_ReturnsACancelledTask()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fixture.Stt.TranscribeAsync(new AudioFrame(AudioFormat.Telephone8k, new short[800], TimeSpan.Zero), null, cts.Token));
    }

    [Fact]
    public void PrepareAudio_Narrowband_IsResampledTo16kPaddedAndNeverDigitallySilent()
    {
        var frame = new AudioFrame(AudioFormat.Telephone8k, new short[8000], TimeSpan.Zero);

        var prepared = fixture.Stt.PrepareAudio(frame);

        Assert.Equal(16000 + (2 * 4800), prepared.Length); // 1 s at 16 kHz + 300 ms of padding each side
        Assert.InRange(AudioLevel.RmsDbfs(prepared), -46f, -38f); // the −45 dBFS floor plus the −40 dBFS 4.6–8 kHz fill
    }

    [Fact]
    public async Task LoadGrammar_NewSnapshot_HearsTheNewSchemeAndForgetsTheOldGrammar()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new GrammarInputs { Schemes = [SchemePhrases.FromNames("apy", "Atal Pension Yojana (APY)", [])] };
        using var stt = PocketsphinxSpeechToText.Create(first, new PocketsphinxSpeechToTextOptions { LanguageModelFallback = false });
        var audio = await PocketsphinxTelephoneChannel.SpeakAsync("what is Sukanya Samriddhi Yojana", ct);
        var before = await stt.TranscribeAsync(audio, null, ct);

        stt.LoadGrammar(new JsgfGrammarBuilder(Saarthi.Native.Interop.Pocketsphinx.PocketsphinxConfig.English().DictionaryPath).Build(first with { Schemes = [.. first.Schemes, SchemePhrases.FromNames("ssy", "Sukanya Samriddhi Yojana (SSY)", ["beti ka khata"])] }));
        var after = await stt.TranscribeAsync(audio, null, ct);

        output.WriteLine($"before: '{before.Text}' {before.Confidence:0.00}; after: '{after.Text}' {after.Confidence:0.00}");
        Assert.DoesNotContain("sukanya", before.Text, StringComparison.Ordinal);
        Assert.Equal("what is sukanya samriddhi yojana", after.Text);
        Assert.Contains("ssy", stt.Grammar.SchemePhrases.Keys);
    }
}
