using Saarthi.Native.Interop.Whisper;

namespace Saarthi.Native.Tests.Interop;

public sealed class WhisperSessionTests(WhisperFixture fixture, ITestOutputHelper output) : IClassFixture<WhisperFixture>
{
    private static readonly WhisperDecodeOptions OneThread = new() { Threads = 1, Language = "hi" };

    [Fact]
    public void Transcribe_SameAudioTwice_GivesTheSameTextAndProbabilities()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        var audio = WhisperTestAudio.Babble(3);

        var first = session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);
        var second = session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);

        output.WriteLine($"3 s in {first.Elapsed.TotalMilliseconds:F0} ms / {second.Elapsed.TotalMilliseconds:F0} ms (RTF {second.Elapsed.TotalSeconds / 3:F3}): '{first.Text[..Math.Min(80, first.Text.Length)]}…'");
        Assert.NotEmpty(first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Segments.SelectMany(s => s.Tokens), second.Segments.SelectMany(s => s.Tokens));
        Assert.Equal("hi", first.Language);
    }

    [Fact]
    public void Transcribe_TwoSessionsOfOneModel_AgreeWithEachOther()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var a = model.CreateSession();
        using var b = model.CreateSession();
        var audio = WhisperTestAudio.Babble(2, seed: 11);

        var fromA = a.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);
        var fromB = b.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);

        Assert.Equal(fromA.Text, fromB.Text);
    }

    [Fact]
    public void Transcribe_AlreadyCancelledToken_ThrowsWithoutDecoding()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        Assert.Throws<OperationCanceledException>(() => session.Transcribe(WhisperTestAudio.Babble(30), OneThread, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Transcribe_EmptyAudio_GivesEmptyResultWithoutCallingWhisper()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var result = session.Transcribe([], OneThread, TestContext.Current.CancellationToken);

        Assert.Equal(string.Empty, result.Text);
        Assert.Empty(result.Segments);
        Assert.Equal(0, result.MeanTextTokenProbability);
    }

    [Fact]
    public void Transcribe_Under100Ms_GivesNoSegments()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var result = session.Transcribe(WhisperTestAudio.Babble(0.05), OneThread, TestContext.Current.CancellationToken);

        Assert.Empty(result.Segments);
        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public void Transcribe_AutomaticLanguage_ReportsOneOfWhispersLanguages()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var result = session.Transcribe(WhisperTestAudio.Babble(2), OneThread with { Language = null }, TestContext.Current.CancellationToken);

        output.WriteLine($"identified '{result.Language}'");
        Assert.Contains(result.Language, model.Languages);
        Assert.InRange(result.LanguageProbability!.Value, 0f, 1f);
    }

    [Fact]
    public void DetectLanguage_Candidates_ChoosesOnlyAmongThem()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var guesses = session.DetectLanguage(WhisperTestAudio.Babble(2), 1, ["hi", "en", "mr-IN"], TestContext.Current.CancellationToken);

        Assert.Equal(["en", "hi", "mr"], guesses.Select(g => g.Key).Order(StringComparer.Ordinal));
        Assert.InRange(guesses.Sum(g => g.Value), 0.99, 1.01);
        Assert.Throws<ArgumentException>(() => session.DetectLanguage(WhisperTestAudio.Babble(1), 1, ["hi", "xx"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Transcribe_AutomaticAmongCandidates_DecodesInTheMostLikelyCandidate()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        var audio = WhisperTestAudio.Babble(2);
        var expected = session.DetectLanguage(audio, 1, ["hi", "en"], TestContext.Current.CancellationToken)[0];

        var result = session.Transcribe(audio, OneThread with { Language = null, CandidateLanguages = ["hi", "en"] }, TestContext.Current.CancellationToken);

        Assert.Equal(expected.Key, result.Language);
        Assert.Equal(expected.Value, result.LanguageProbability);
    }

    [Fact]
    public void Transcribe_RegionalLanguageTag_UsesThePrimaryCode()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var result = session.Transcribe(WhisperTestAudio.Babble(1), OneThread with { Language = "ta-IN" }, TestContext.Current.CancellationToken);

        Assert.Equal("ta", result.Language);
    }

    [Fact]
    public void Transcribe_UnknownLanguage_ThrowsArgumentException()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var error = Assert.Throws<ArgumentException>(() => session.Transcribe(WhisperTestAudio.Babble(1), OneThread with { Language = "xx" }, TestContext.Current.CancellationToken));

        Assert.Contains("'xx'", error.Message);
    }

    [Fact]
    public void Transcribe_BeamSearch_DecodesDeterministically()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        var beam = OneThread with { BeamSize = 3 };
        var audio = WhisperTestAudio.Babble(1);

        var first = session.Transcribe(audio, beam, TestContext.Current.CancellationToken);
        var second = session.Transcribe(audio, beam, TestContext.Current.CancellationToken);

        output.WriteLine($"beam 3: {first.Elapsed.TotalMilliseconds:F0} ms");
        Assert.NotEmpty(first.Text);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public void Transcribe_BeamAboveWhispersLimit_ThrowsArgumentOutOfRange()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        Assert.Throws<ArgumentOutOfRangeException>(() => session.Transcribe(WhisperTestAudio.Babble(1), OneThread with { BeamSize = 9 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Transcribe_ResultTokens_HaveProbabilitiesAndTheTextTokensMakeTheConfidence()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var result = session.Transcribe(WhisperTestAudio.Babble(2), OneThread, TestContext.Current.CancellationToken);

        var tokens = result.Segments.SelectMany(s => s.Tokens).ToList();
        Assert.Contains(tokens, t => t.IsText);
        Assert.All(tokens, t => Assert.InRange(t.Probability, 0f, 1f));
        Assert.All(tokens.Where(t => t.IsText), t => Assert.True(t.Id < 50257));
        Assert.InRange(result.MeanTextTokenProbability, 0, 1);
        Assert.All(result.Segments, s => Assert.InRange(s.NoSpeechProbability, 0f, 1f));
    }

    [Fact]
    public async Task Transcribe_SecondCallWhileOneRuns_ThrowsInvalidOperation()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        using var cts = new CancellationTokenSource();
        var audio = WhisperTestAudio.Babble(120);
        var running = Task.Factory.StartNew(
            () => session.Transcribe(audio, OneThread, cts.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await UntilBusyAsync(session);

        Assert.Throws<InvalidOperationException>(() => session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    /// <summary>Waits until a call has entered the session (whisper is working), or fails after 10 s.</summary>
    internal static async Task UntilBusyAsync(WhisperSession session)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!session.IsBusy)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the transcription never started");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void DetectLanguage_Babble_GivesAProbabilityPerLanguageSummingToOne()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();

        var guesses = session.DetectLanguage(WhisperTestAudio.Babble(2), 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(99, guesses.Count);
        Assert.InRange(guesses.Sum(g => g.Value), 0.99, 1.01);
        Assert.True(guesses[0].Value >= guesses[^1].Value);
        Assert.Contains(guesses, g => g.Key == "hi");
    }
}
