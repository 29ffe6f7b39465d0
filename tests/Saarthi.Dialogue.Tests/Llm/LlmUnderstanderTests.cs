using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class LlmUnderstanderTests(KnowledgeFixture kb)
{
    private LlmUnderstander With(ILanguageModel model, LlmUnderstandingOptions? options = null) => new(model, kb.Knowledge.Snapshot, options);

    private static ScriptedLanguageModel Says(string json) => new(json);

    [Fact]
    public void ConsultReason_ConfidentRules_DoesNotAsk()
    {
        var rules = kb.Understand("What is the Pradhan Mantri Mudra Yojana?");

        Assert.True(rules.Confidence >= 0.6);
        Assert.Null(With(Says("{}")).ConsultReason(rules, new ConversationState()));
    }

    [Fact]
    public void ConsultReason_LowConfidence_AsksAndSaysWhy()
    {
        var rules = kb.Understand("mere bete ke liye kuch hai kya");

        Assert.True(rules.Confidence < 0.6, $"confidence {rules.Confidence}");
        Assert.Contains("below 0.60", With(Says("{}")).ConsultReason(rules, new ConversationState()), StringComparison.Ordinal);
    }

    [Fact]
    public void ConsultReason_SchemeQuestionWithoutAScheme_Asks()
    {
        var rules = kb.Understand("documents kya kya lagenge") with { Confidence = 0.9 };

        Assert.Equal("no scheme found for a documents question", With(Says("{}")).ConsultReason(rules, new ConversationState()));
    }

    [Fact]
    public void ConsultReason_ComplexPersonalQuestion_Asks()
    {
        var rules = kb.Understand("main 62 saal ki vidhwa hoon, BPL card hai, gaon mein rehti hoon, mere liye kaunsi yojana hai");

        Assert.Equal(Intent.EligibilityCheckPersonal, rules.Intent);
        Assert.Equal("complex personal question", With(Says("{}")).ConsultReason(rules, new ConversationState()));
    }

    [Fact]
    public void ConsultReason_AnswerToTheKiosksOwnQuestion_DoesNotAsk()
    {
        var state = new ConversationState { Pending = (Intent.Eligibility, ["ignoaps"]), ExpectingFact = "age" };
        var rules = kb.Engine.Understander.Understand("45", state);

        Assert.Null(With(Says("{}")).ConsultReason(rules, state));
    }

    [Fact]
    public void ConsultReason_EmptyInput_DoesNotAsk()
    {
        Assert.Null(With(Says("{}")).ConsultReason(kb.Understand(""), new ConversationState()));
    }

    [Fact]
    public async Task RefineAsync_UnsureRules_TakeTheModelsIntentAndScheme()
    {
        var model = Says("""{"intent":"benefits","scheme_id":"pmuy","slots":{}}""");
        var rules = kb.Understand("woh cylinder wali cheez mein kya milta hai") with { Confidence = 0.3 };

        var (u, report) = await With(model).RefineAsync(rules, new ConversationState(), TestContext.Current.CancellationToken);

        Assert.Equal(Intent.Benefits, u.Intent);
        Assert.Equal("pmuy", u.SchemeId);
        Assert.Equal(0.6, u.Confidence);
        Assert.Equal("model", report.Source);
        Assert.True(report.Consulted);
        Assert.NotNull(model.Requests[0].Grammar);
        Assert.Equal(0, model.Requests[0].Temperature);
    }

    [Fact]
    public async Task RefineAsync_ConfidentRulesForAComplexQuestion_KeepTheirIntentAndAddOnlyGroundedSlots()
    {
        // The model claims an income of 90000 and a caste nobody mentioned: neither is in the caller's words.
        var model = Says("""{"intent":"benefits","scheme_id":"pm-kisan","slots":{"age":62,"annual_income_inr":90000,"caste":"SC","residence":"rural"}}""");
        var rules = kb.Understand("main 62 saal ki vidhwa hoon, BPL card hai, gaon mein rehti hoon, mere liye kaunsi yojana hai");
        rules = rules with { Facts = rules.Facts with { Age = null, Residence = null } };

        var (u, report) = await With(model).RefineAsync(rules, new ConversationState(), TestContext.Current.CancellationToken);

        Assert.Equal(Intent.EligibilityCheckPersonal, u.Intent);
        Assert.Equal(rules.SchemeIds, u.SchemeIds);
        Assert.Equal(62, u.Facts.Age);
        Assert.Equal("rural", u.Facts.Residence);
        Assert.Null(u.Facts.AnnualIncomeInr);
        Assert.Null(u.Facts.Caste);
        Assert.Equal("rules+model", report.Source);
        Assert.Contains("annual_income_inr=90000", report.Decision, StringComparison.Ordinal);
        Assert.Contains("caste=SC", report.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefineAsync_RulesFactsBeatTheModels()
    {
        var model = Says("""{"intent":"eligibility","scheme_id":null,"slots":{"age":45}}""");
        var rules = kb.Understand("meri umar 62 saal hai aur 45 bigha zameen") with { Confidence = 0.3 };

        var (u, _) = await With(model).RefineAsync(rules, new ConversationState(), TestContext.Current.CancellationToken);

        Assert.Equal(62, u.Facts.Age);
    }

    [Fact]
    public async Task RefineAsync_ModelFails_LeavesTheRulesAndSaysWhy()
    {
        var model = new ScriptedLanguageModel("x") { Failure = new InvalidOperationException("out of memory") };
        var rules = kb.Understand("kuch bhi") with { Confidence = 0.2 };

        var (u, report) = await With(model).RefineAsync(rules, new ConversationState(), TestContext.Current.CancellationToken);

        Assert.Same(rules, u);
        Assert.Equal("rules", report.Source);
        Assert.Contains("out of memory", report.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefineAsync_ReadingCutShort_LeavesTheRules()
    {
        var model = Says("""{"intent":"benefits","sche""");
        var rules = kb.Understand("kuch bhi") with { Confidence = 0.2 };

        var (u, report) = await With(model).RefineAsync(rules, new ConversationState(), TestContext.Current.CancellationToken);

        Assert.Same(rules, u);
        Assert.Contains("did not parse", report.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefineAsync_CallerHangsUp_Cancels()
    {
        var model = new ScriptedLanguageModel("{}") { FirstPieceDelay = TimeSpan.FromSeconds(5) };
        var rules = kb.Understand("kuch bhi") with { Confidence = 0.2 };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => With(model).RefineAsync(rules, new ConversationState(), cts.Token));
    }

    [Theory]
    [InlineData("meri umar 62 saal hai", "age", 62L, true)]
    [InlineData("meri umar bahut hai", "age", 62L, false)]
    [InlineData("mahine ka 10000 kamata hoon", "annual_income_inr", 120000L, true)]
    [InlineData("main vidhwa hoon", "marital_status", "widowed", true)]
    [InlineData("main kisan hoon", "marital_status", "widowed", false)]
    [InlineData("हम गाँव में रहते हैं", "residence", "rural", true)]
    [InlineData("मैं ठेला लगाता हूँ", "occupation", "street_vendor", true)]
    [InlineData("pension chahiye", "gender", "female", false)]
    [InlineData("BPL card nahi hai", "bpl", false, true)]
    public void SlotGrounding_CallerWords_SupportOnlyWhatWasSaid(string text, string slot, object value, bool supported)
    {
        Assert.Equal(supported, SlotGrounding.Supports(text, slot, value));
    }
}
