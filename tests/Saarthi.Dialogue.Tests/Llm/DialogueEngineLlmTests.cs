using System.Text.Json;
using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class DialogueEngineLlmTests(KnowledgeFixture kb, TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private static IEnumerable<(string Question, string? Previous)> Practice()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Seed.PracticePath));
        return [.. doc.RootElement.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("question").GetString()!,
            i.GetProperty("previous_turn").ValueKind == JsonValueKind.Object ? i.GetProperty("previous_turn").GetProperty("user").GetString() : null))];
    }

    [Fact]
    public async Task RespondAsync_NoModel_GivesExactlyTheRulesAnswer()
    {
        foreach (var (question, _) in Practice())
        {
            var expected = kb.Engine.Respond(question, new ConversationState());
            var turn = await kb.Engine.RespondAsync(question, new ConversationState(), cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(expected.Answer, turn.Turn.Answer);
            Assert.Equal(expected.Intent, turn.Turn.Intent);
            Assert.Same(LlmReport.NotConfigured, turn.Report);
        }
    }

    [Fact]
    public async Task RespondAsync_TinyModelPhrasingOff_ConfidentAnswersAreUnchanged()
    {
        var engine = new DialogueEngine(kb.Knowledge, languageModel: tiny.Model);
        foreach (var (question, _) in Practice())
        {
            var rules = kb.Engine.Respond(question, new ConversationState());
            var turn = await engine.RespondAsync(question, new ConversationState(), cancellationToken: TestContext.Current.CancellationToken);

            Assert.False(string.IsNullOrWhiteSpace(turn.Turn.Answer));
            Assert.Equal("templates", turn.Report.Phrasing.Source);
            if (!turn.Report.Understanding.Consulted)
            {
                Assert.Equal(rules.Answer, turn.Turn.Answer);
            }
        }
    }

    [Fact]
    public async Task RespondAsync_TinyModelWithPhrasing_EveryPracticeQuestionAnswersWithoutThrowing()
    {
        var log = new List<string>();
        var options = new LlmOptions
        {
            Phrasing = new PhrasingOptions { Enabled = true, FirstTokenLimit = TimeSpan.FromSeconds(20), MaxTokens = 60 },
            Log = log.Add,
        };
        var engine = new DialogueEngine(kb.Knowledge, languageModel: tiny.Model, llmOptions: options);
        foreach (var (question, previous) in Practice())
        {
            var state = new ConversationState();
            if (previous is not null)
            {
                await engine.RespondAsync(previous, state, cancellationToken: TestContext.Current.CancellationToken);
            }

            var turn = await engine.RespondAsync(question, state, cancellationToken: TestContext.Current.CancellationToken);

            Assert.False(string.IsNullOrWhiteSpace(turn.Turn.Answer));
            Assert.Equal("saarthi-tiny-random", turn.Report.Model);
            Assert.Equal("templates", turn.Report.Phrasing.Source); // random text never passes the guard
        }

        Assert.Contains(log, l => l.StartsWith("phrasing: templated answer used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RespondAsync_ModelReadsAnUnsureQuestion_ItsIntentAndSchemeAnswer()
    {
        var model = new ScriptedLanguageModel("""{"intent":"documents","scheme_id":"pmuy","slots":{}}""");
        var engine = new DialogueEngine(kb.Knowledge, languageModel: model);
        const string question = "woh wala form kahan milega";
        var rules = kb.Understand(question);

        var turn = await engine.RespondAsync(question, new ConversationState(), cancellationToken: TestContext.Current.CancellationToken);

        if (rules.Confidence >= 0.6 && rules.SchemeIds.Count > 0)
        {
            Assert.Fail($"the rules were sure of this one ({rules.Intent.Label()} {rules.SchemeId} {rules.Confidence}): pick a vaguer question");
        }

        Assert.Equal(Intent.Documents, turn.Turn.Intent);
        Assert.Equal(["pmuy"], turn.Turn.SchemeIds);
        Assert.Equal("model", turn.Report.Understanding.Source);
        Assert.Contains("pmuy", turn.Turn.Understanding.SchemeIds);
    }

    [Fact]
    public async Task RespondAsync_PhrasingAccepted_RepeatSaysThePhrasedAnswer()
    {
        var model = new ScriptedLanguageModel(r => r.Grammar is null
            ? ["PM-KISAN gives ₹6,000 a year. ", "Apply at your Common Service Centre."]
            : ["""{"intent":"benefits","scheme_id":"pm-kisan","slots":{}}"""]);
        var engine = new DialogueEngine(kb.Knowledge, languageModel: model, llmOptions: new LlmOptions { Phrasing = new PhrasingOptions { Enabled = true } });
        var state = new ConversationState();

        var turn = await engine.RespondAsync("How much money does PM Kisan give?", state, cancellationToken: TestContext.Current.CancellationToken);
        var again = await engine.RespondAsync("please repeat", state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("model", turn.Report.Phrasing.Source);
        Assert.Equal("accepted", turn.Report.Phrasing.Verdict);
        Assert.Equal("PM-KISAN gives ₹6,000 a year. Apply at your Common Service Centre.", turn.Turn.Answer);
        Assert.Equal(turn.Turn.Answer, again.Turn.Answer);
    }
}
