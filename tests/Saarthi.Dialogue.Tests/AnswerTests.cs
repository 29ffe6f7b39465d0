using System.Text.RegularExpressions;
using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Understanding;
using U = Saarthi.Dialogue.Understanding.Understanding;

namespace Saarthi.Dialogue.Tests;

/// <summary>What the kiosk says: short, in the caller's language, ₹ for money, and no number that is not in the record.</summary>
public sealed partial class AnswerTests(KnowledgeFixture kb)
{
    private static readonly Intent[] SchemeIntents = [Intent.SchemeInfo, Intent.Benefits, Intent.Eligibility, Intent.Documents, Intent.ApplyProcess, Intent.Helpline];

    private static bool HasDevanagari(string s) => s.Any(c => c is >= '\u0900' and <= '\u097F');

    /// <summary>The answer the composer gives for one scheme and intent, as if the caller had asked in <paramref name="lang"/>.</summary>
    private string Compose(string schemeId, Intent intent, string lang, string question = "")
    {
        var composer = new AnswerComposer(kb.Knowledge.Snapshot, kb.Engine.Understander.Resolver, new DialogueOptions());
        var u = new U(question, lang, intent, 1, [schemeId], false, CallerProfile.Empty, 0, [], InputProblem.None);
        return composer.Compose(u, new ConversationState(), lang).Text;
    }

    // ---- benefits at phone length ------------------------------------------------------------------------------

    [Fact]
    public void Respond_PmKisanBenefitsInHindi_GivesBothAmountsBriefly()
    {
        var turn = kb.Ask("पीएम किसान योजना में साल में कितना पैसा मिलता है?");

        Assert.Equal(Intent.Benefits, turn.Intent);
        Assert.Equal("hi", turn.Language);
        Assert.Contains("₹6,000", turn.Answer);
        Assert.Contains("₹2,000", turn.Answer);
        Assert.InRange(Text.Sentences(turn.Answer), 1, 3);
        Assert.InRange(Text.Words(turn.Answer), 5, 60);
    }

    [Fact]
    public void Respond_PmKisanBenefitsInEnglish_UsesRupeeSignNotRs()
    {
        var turn = kb.Ask("how much money does pm kisan give in a year");
        Assert.Equal("en", turn.Language);
        Assert.Contains("₹6,000", turn.Answer);
        Assert.DoesNotMatch(RsAmount(), turn.Answer);
    }

    [Fact]
    public void Compose_EveryEnglishSchemeAnswer_WritesRupeesWithTheSign()
    {
        foreach (var id in Seed.SchemeIds)
            foreach (var intent in SchemeIntents)
            {
                var answer = Compose(id, intent, "en");
                Assert.False(RsAmount().IsMatch(answer), $"{id}/{intent.Label()}: {answer}");
                Assert.DoesNotContain("INR", answer);
            }
    }

    [Fact]
    public void Compose_EverySchemeAnswer_IsPhoneLength()
    {
        foreach (var id in Seed.SchemeIds)
            foreach (var intent in SchemeIntents)
                foreach (var lang in new[] { "en", "hi" })
                {
                    var answer = Compose(id, intent, lang);
                    Assert.False(string.IsNullOrWhiteSpace(answer), $"{id}/{intent.Label()}/{lang} is empty");
                    Assert.True(Text.Words(answer) <= 90, $"{id}/{intent.Label()}/{lang}: {Text.Words(answer)} words: {answer}");
                    Assert.True(Text.Sentences(answer) <= 5, $"{id}/{intent.Label()}/{lang}: {Text.Sentences(answer)} sentences: {answer}");
                }
    }

    [Fact]
    public void Compose_EverySchemeAnswerInHindi_IsInDevanagari()
    {
        foreach (var id in Seed.SchemeIds)
            foreach (var intent in SchemeIntents)
                Assert.True(HasDevanagari(Compose(id, intent, "hi")), $"{id}/{intent.Label()} has no Hindi");
    }

    // ---- the fact guard ----------------------------------------------------------------------------------------

    [Fact]
    public void Compose_EverySchemeAndIntent_EveryNumberComesFromTheRecord()
    {
        int checkedNumbers = 0;
        foreach (var id in Seed.SchemeIds)
        {
            var record = Text.Normalize(Seed.RawScheme(id));
            foreach (var intent in SchemeIntents)
                foreach (var lang in new[] { "en", "hi" })
                {
                    var answer = Compose(id, intent, lang);
                    foreach (var n in Text.Numbers(answer))
                    {
                        checkedNumbers++;
                        Assert.True(record.Contains(n, StringComparison.Ordinal), $"{id}/{intent.Label()}/{lang}: '{n}' is not in the record. Answer: {answer}");
                    }
                }
        }
        Assert.True(checkedNumbers > 200, $"only {checkedNumbers} numbers checked: the guard saw too few answers with figures");
    }

    [Fact]
    public void Respond_QuestionsNamingOtherAmounts_NeverEchoAmountsNotInTheRecord()
    {
        // The caller's own numbers ("8000", "4 lakh") must not leak into an answer as if they were scheme facts.
        string[] questions =
        [
            "kya pm kisan me 8000 milte hai",
            "is the ayushman card cover 9 lakh",
            "sukanya yojana me 777 rupaye jama karne hote hai kya",
            "atal pension me 12345 ki pension milti hai kya",
        ];
        foreach (var q in questions)
        {
            var turn = kb.Ask(q);
            Assert.NotEmpty(turn.SchemeIds);
            var record = Text.Normalize(Seed.RawScheme(turn.SchemeIds[0]));
            foreach (var n in Text.Numbers(turn.Answer))
                Assert.True(record.Contains(n, StringComparison.Ordinal), $"'{q}': '{n}' is not in {turn.SchemeIds[0]}. Answer: {turn.Answer}");
        }
    }

    [Fact]
    public void Respond_PracticeQuestions_EveryNumberComesFromTheRecordsOrTheCaller()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Seed.PracticePath));
        int answered = 0;
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("expected_intent").GetString() == "repeat") continue; // says the file's own previous answer again
            var state = new ConversationState();
            string context = "";
            if (item.TryGetProperty("previous_turn", out var prev) && prev.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                context = prev.GetProperty("user").GetString()!;
                kb.Engine.Replay(context, prev.GetProperty("assistant").GetString()!, state);
            }
            var question = item.GetProperty("question").GetString()!;
            var turn = kb.Engine.Respond(question, state);
            // Figures may come from the schemes answered about, or echo what the caller said about themselves.
            var allowed = Text.Normalize(string.Join(" ", turn.SchemeIds.Select(Seed.RawScheme).Append(question).Append(context)));
            foreach (var n in Text.Numbers(turn.Answer))
                Assert.True(allowed.Contains(n, StringComparison.Ordinal), $"{item.GetProperty("id")}: '{n}' has no source. Answer: {turn.Answer}");
            answered++;
        }
        Assert.True(answered >= 30);
    }

    [Fact]
    public void Compose_AnswerNumbersSample_ExtractsFiguresLikeTheGuardExpects()
    {
        // The guard's own number reading: separators dropped, Devanagari digits read, a sentence's full stop not part of it.
        Assert.Equal(["6000", "2000", "1.5"], Text.Numbers("₹6,000 a year, ₹2,000 each; up to ₹1.5 lakh."));
        Assert.Equal(["300"], Text.Numbers("₹३०० प्रति माह।"));
    }

    // ---- conversation prompts in the caller's language ---------------------------------------------------------

    [Theory]
    [InlineData("what is the weather tomorrow", "out_of_scope", "en")]
    [InlineData("kal mausam kya rahega", "out_of_scope", "hi")]
    [InlineData("क्रिकेट मैच कौन जीता", "out_of_scope", "hi")]
    [InlineData("hello there", "greeting", "en")]
    [InlineData("नमस्ते", "greeting", "hi")]
    [InlineData("thank you, bye", "goodbye", "en")]
    [InlineData("धन्यवाद, अलविदा", "goodbye", "hi")]
    public void Respond_ConversationIntent_GivesCataloguePromptInCallersLanguage(string text, string key, string lang)
    {
        var turn = kb.Ask(text);
        Assert.Equal(key, turn.Intent.Label());
        Assert.Equal(lang, turn.Language);
        Assert.Equal(PromptCatalog.Get(lang, key), turn.Answer);
        Assert.Equal(lang == "hi", HasDevanagari(turn.Answer));
        Assert.Empty(turn.SchemeIds);
    }

    [Fact]
    public void Respond_Goodbye_EndsTheCall()
    {
        Assert.True(kb.Ask("ok thank you, goodbye").EndsCall);
        Assert.True(kb.Ask("ठीक है धन्यवाद अब फोन रखती हूं").EndsCall); // "फोन" here is hanging up, not a helpline question
        Assert.False(kb.Ask("hello").EndsCall);
    }

    [Theory]
    [InlineData("can I talk to a real person", "en")]
    [InlineData("किसी इंसान से बात करवाइए", "hi")]
    public void Respond_HumanAgentWithoutHelpline_RequestsCallbackInCallersLanguage(string text, string lang)
    {
        var turn = kb.Ask(text);
        Assert.Equal(Intent.HumanAgent, turn.Intent);
        Assert.True(turn.CallbackRequested);
        Assert.Equal(lang, turn.Language);
        Assert.Equal(PromptCatalog.Get(lang, "callback"), turn.Answer);
    }

    [Fact]
    public void Respond_HumanAgentWithHelpline_GivesTheNgoNumberAndCallback()
    {
        var engine = kb.EngineWithHelpline("1800-000-4242");
        var turn = engine.Respond("I want to speak to a person", new ConversationState());
        Assert.True(turn.CallbackRequested);
        Assert.Contains("1800-000-4242", turn.Answer);
        Assert.Contains(PromptCatalog.Get("en", "callback"), turn.Answer);
    }

    [Fact]
    public void Respond_OtherIntents_RequestNoCallback()
    {
        Assert.False(kb.Ask("what is the pm kisan scheme").CallbackRequested);
        Assert.False(kb.Ask("hello").CallbackRequested);
    }

    [Fact]
    public void Respond_ForcedLanguage_AnswersInThatLanguage()
    {
        var turn = kb.Ask("what is the pm kisan scheme", language: "hi");
        Assert.Equal("hi", turn.Language);
        Assert.True(HasDevanagari(turn.Answer));
    }

    // ---- helplines ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("ujjwala gas ki helpline number kya hai", "pmuy", "ग्राम पंचायत")]
    [InlineData("what is the helpline number for the mgnrega job card", "mgnrega", "Gram Panchayat")]
    [InlineData("sukanya samriddhi ka helpline number kya hai", "ssy", "ग्राम पंचायत")]
    public void Respond_HelplineOfSchemeWithoutNumbers_SendsToPanchayatWithoutInventingANumber(string text, string scheme, string place)
    {
        var turn = kb.Ask(text);
        Assert.Equal(Intent.Helpline, turn.Intent);
        Assert.Equal(scheme, turn.SchemeIds[0]);
        Assert.Contains(place, turn.Answer);
        Assert.DoesNotMatch(LongDigitRun(), DigitGaps().Replace(turn.Answer, ""));
    }

    [Fact]
    public void Compose_HelplineOfEverySchemeWithoutNumbers_NoPhoneNumberAnywhere()
    {
        var without = kb.Knowledge.Snapshot.Schemes.Where(s => s.Helplines.Count == 0).Select(s => s.Id).ToList();
        Assert.True(without.Count >= 10, "the seed has many schemes without a verified helpline");
        foreach (var id in without)
            foreach (var lang in new[] { "en", "hi" })
            {
                var answer = Compose(id, Intent.Helpline, lang);
                Assert.DoesNotMatch(LongDigitRun(), DigitGaps().Replace(answer, ""));
                Assert.Contains(lang == "en" ? "Gram Panchayat" : "ग्राम पंचायत", answer);
            }
    }

    [Fact]
    public void Respond_HelplineOfSchemeWithNumbers_GivesTheRecordedNumbers()
    {
        var turn = kb.Ask("pm kisan helpline number batao");
        Assert.Equal(Intent.Helpline, turn.Intent);
        var numbers = kb.Knowledge.Find("pm-kisan")!.Helplines.Select(h => h.Number).ToList();
        Assert.Contains(numbers[0], turn.Answer);
    }

    // ---- naming: once in full, then short ----------------------------------------------------------------------

    [Fact]
    public void Respond_SameSchemeTwice_NamesItInFullThenShort()
    {
        var state = new ConversationState();
        var first = kb.Engine.Respond("what is the pm kisan scheme", state);
        var second = kb.Engine.Respond("how much money does pm kisan give", state);
        Assert.Contains("Pradhan Mantri Kisan Samman Nidhi", first.Answer);
        Assert.DoesNotContain("Pradhan Mantri Kisan Samman Nidhi", second.Answer);
        Assert.Contains("PM-KISAN", second.Answer);
    }

    [GeneratedRegex(@"\b(?:Rs\.?|INR)\s?\d")]
    private static partial Regex RsAmount();

    [GeneratedRegex(@"\d{5,}")]
    private static partial Regex LongDigitRun();

    [GeneratedRegex(@"(?<=\d)[\s\-–]+(?=\d)")]
    private static partial Regex DigitGaps();
}
