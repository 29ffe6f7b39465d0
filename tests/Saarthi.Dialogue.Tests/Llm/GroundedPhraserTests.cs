using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class GroundedPhraserTests(KnowledgeFixture kb, TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private const string Template = "PM-KISAN: ₹6,000 a year per family, in three instalments of ₹2,000. You can apply at your Common Service Centre.";

    private static readonly PhrasingOptions On = new() { Enabled = true, FirstTokenLimit = TimeSpan.FromSeconds(2) };

    private static PhrasingRequest English(string question = "How much does PM Kisan give?") =>
        new(question, Template, "en", ["pm-kisan"], CallerProfile.Empty);

    private GroundedPhraser With(ILanguageModel? model, PhrasingOptions? options = null, List<string>? log = null) =>
        new(model, kb.Knowledge.Snapshot, options ?? On, log is null ? null : log.Add);

    [Fact]
    public async Task PhraseAsync_ModelSticksToTheFacts_UsesTheModelsWords()
    {
        var model = new ScriptedLanguageModel("PM-KISAN gives ", "₹6,000 a year. ", "It comes in three instalments of ₹2,000. ", "Apply at your Common Service Centre.");

        var result = await With(model).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Model, result.Source);
        Assert.Equal("PM-KISAN gives ₹6,000 a year. It comes in three instalments of ₹2,000. Apply at your Common Service Centre.", result.Text);
        Assert.Equal("accepted", result.Verdict!.Reason);
        Assert.Null(result.FallbackReason);
        Assert.Contains("Common Service Centre", model.Requests[0].Messages[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhraseAsync_InventedAmount_FallsBackToTheTemplateAndLogsWhy()
    {
        var log = new List<string>();
        var model = new ScriptedLanguageModel("PM-KISAN gives ₹6,000 a year. ", "Widows get ₹10,000 more.");

        var result = await With(model, log: log).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Template, result.Source);
        Assert.Equal(Template, result.Text);
        Assert.Contains("10,000", result.FallbackReason, StringComparison.Ordinal);
        Assert.False(result.Verdict!.Accepted);
        Assert.Contains(log, l => l.Contains("templated answer used", StringComparison.Ordinal) && l.Contains("10,000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhraseAsync_UnknownSchemeName_FallsBack()
    {
        var model = new ScriptedLanguageModel("You can also join the Pradhan Mantri Gold Yojana.");

        var result = await With(model).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Template, result.Source);
        Assert.Contains("unknown scheme name", result.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhraseAsync_FirstTokenLaterThanTheLimit_FallsBackWithoutWaiting()
    {
        var model = new ScriptedLanguageModel("PM-KISAN gives ₹6,000 a year.") { FirstPieceDelay = TimeSpan.FromSeconds(10) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await With(model, On with { FirstTokenLimit = TimeSpan.FromMilliseconds(100) }).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Template, result.Source);
        Assert.Contains("no first token within 100 ms", result.FallbackReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"waited {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task PhraseAsync_SlowButStartedInTime_IsNotCutByTheFirstTokenLimit()
    {
        var model = new ScriptedLanguageModel("PM-KISAN gives ", "₹6,000 a year.") { PieceDelay = TimeSpan.FromMilliseconds(300) };

        var result = await With(model, On with { FirstTokenLimit = TimeSpan.FromMilliseconds(150) }).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Model, result.Source);
    }

    [Fact]
    public async Task PhraseAsync_FailingModel_FallsBack()
    {
        var model = new ScriptedLanguageModel("x") { Failure = new InvalidOperationException("decode failed (-3)") };

        var result = await With(model).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Template, result.Source);
        Assert.Contains("decode failed", result.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhraseAsync_NoModel_UsesTheTemplate()
    {
        var result = await With(null).PhraseAsync(English(), TestContext.Current.CancellationToken);

        Assert.Equal(Template, result.Text);
        Assert.Equal("no language model", result.FallbackReason);
    }

    [Fact]
    public async Task PhraseAsync_WrongLanguage_FallsBack()
    {
        var model = new ScriptedLanguageModel("PM-KISAN gives ₹6,000 a year.");
        var request = English("पीएम किसान में कितना पैसा मिलता है?") with { Language = "hi", TemplatedAnswer = "पीएम-किसान: हर साल ₹6,000।" };

        var result = await With(model).PhraseAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Template, result.Source);
        Assert.Contains("not hi", result.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhraseAsync_HindiWithTheFactsNumbers_Accepted()
    {
        var model = new ScriptedLanguageModel("पीएम-किसान में हर साल ₹6,000 मिलते हैं। ", "यह पैसा ₹2,000 की तीन किस्तों में आता है।");
        var request = English("पीएम किसान में कितना पैसा मिलता है?") with { Language = "hi", TemplatedAnswer = "पीएम-किसान: हर साल ₹6,000।" };

        var result = await With(model).PhraseAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(PhrasingSource.Model, result.Source);
    }

    [Fact]
    public async Task PhraseStreamAsync_SentenceIsReleasedBeforeTheModelFinishes()
    {
        var gate = new TaskCompletionSource();
        var model = new ScriptedLanguageModel("PM-KISAN gives ₹6,000 a year. ", "Apply at your Common Service Centre.") { Gate = gate };
        var stream = With(model).PhraseStreamAsync(English(), cancellationToken: TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(new PhrasedSentence("PM-KISAN gives ₹6,000 a year.", PhrasingSource.Model), stream.Current);
        Assert.False(gate.Task.IsCompleted, "the first sentence came out while the model was still generating");

        gate.SetResult();
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("Apply at your Common Service Centre.", stream.Current.Text);
        Assert.False(await stream.MoveNextAsync());
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task PhraseStreamAsync_RejectionMidway_ContinuesWithTheWholeTemplate()
    {
        var model = new ScriptedLanguageModel("PM-KISAN gives ₹6,000 a year. ", "Everyone also gets ₹9,999.");
        var sentences = new List<PhrasedSentence>();

        await foreach (var s in With(model).PhraseStreamAsync(English(), cancellationToken: TestContext.Current.CancellationToken))
        {
            sentences.Add(s);
        }

        Assert.Equal(PhrasingSource.Model, sentences[0].Source);
        Assert.DoesNotContain(sentences, s => s.Text.Contains("9,999", StringComparison.Ordinal));
        Assert.Equal(SentenceBuffer.Split(Template), sentences.Skip(1).Select(s => s.Text));
        Assert.All(sentences.Skip(1), s => Assert.Equal(PhrasingSource.Template, s.Source));
    }

    [Fact]
    public async Task PhraseAsync_TinyRandomModel_NeverLetsItsTextThrough()
    {
        // Random weights write random bytes: every answer must come out as the template, with a reason, and no exception.
        var phraser = With(tiny.Model, On with { FirstTokenLimit = TimeSpan.FromSeconds(20), MaxTokens = 120 });
        foreach (var seed in Enumerable.Range(1, 8))
        {
            var result = await phraser.PhraseAsync(English() with { Question = $"question {seed}" }, TestContext.Current.CancellationToken);

            Assert.Equal(PhrasingSource.Template, result.Source);
            Assert.False(string.IsNullOrEmpty(result.FallbackReason));
        }
    }
}
