using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class FactGuardTests(KnowledgeFixture kb)
{
    private FactGuard Guard => new(kb.Knowledge.Snapshot);

    private FactSheet PmKisan(string? caller = null, CallerProfile? profile = null)
    {
        var phraser = new GroundedPhraser(null, kb.Knowledge.Snapshot);
        var request = new PhrasingRequest(caller ?? "PM Kisan mein kitna milta hai?", "", "en", ["pm-kisan"], profile ?? CallerProfile.Empty);
        return Guard.Sheet(["pm-kisan"], phraser.Facts(request), caller, profile);
    }

    [Theory]
    [InlineData("PM-KISAN gives ₹6,000 a year to farmer families, in three instalments of ₹2,000.")]
    [InlineData("You get Rs 6000 every year, paid as Rs. 2,000 every four months.")]
    [InlineData("Pradhan Mantri Kisan Samman Nidhi pays six thousand rupees a year.")]
    [InlineData("पीएम-किसान में हर साल ₹6,000 मिलते हैं, ₹2,000 की किस्तों में।")]
    [InlineData("पीएम-किसान में हर साल छह हज़ार रुपये मिलते हैं।")]
    [InlineData("हर साल ₹६,००० सीधे बैंक खाते में आते हैं।")]
    [InlineData("Call the PM-KISAN helpline on 155261 or 1800 115 5266.")]
    [InlineData("This scheme is for landholding farmer families. You can apply at your Common Service Centre.")]
    [InlineData("इस योजना का पैसा सीधे बैंक खाते में आता है।")]
    public void Check_NumbersAndNamesFromTheFacts_Accepted(string text)
    {
        var verdict = Guard.Check(text, PmKisan());

        Assert.True(verdict.Accepted, verdict.Reason);
    }

    [Theory]
    [InlineData("PM-KISAN gives ₹8,000 a year.", "8,000")]
    [InlineData("You get Rs 500 every month.", "500")]
    [InlineData("PM-KISAN gives seven thousand rupees a year.", "seven thousand")]
    [InlineData("पीएम-किसान में हर साल ₹12,000 मिलते हैं।", "12,000")]
    [InlineData("Farmers get 2 lakh rupees.", "2 lakh")]
    [InlineData("Call 1800-180-1551 for help.", "1800-180-1551")]
    [InlineData("Apply before 31 March 2026.", "31")]
    public void Check_InventedNumber_RejectedNamingIt(string text, string invented)
    {
        var verdict = Guard.Check(text, PmKisan());

        Assert.False(verdict.Accepted);
        Assert.Contains(invented, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("You can also get the Pradhan Mantri Gold Yojana.", "gold")]
    [InlineData("Kisan Samriddhi Mission gives farmers seeds.", "samri")]
    [InlineData("किसान सोना योजना में भी पैसा मिलता है।", "sona")]
    public void Check_UnknownSchemeName_Rejected(string text, string word)
    {
        var verdict = Guard.Check(text, PmKisan());

        Assert.False(verdict.Accepted);
        Assert.Contains("unknown scheme name", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(word, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("You can also get a free gas connection under Ujjwala.", "pmuy")]
    [InlineData("Farmers can also take a Kisan Credit Card.", "kcc")]
    [InlineData("Ask about SSY for your daughter.", "ssy")]
    [InlineData("आप अटल पेंशन योजना में भी जुड़ सकते हैं।", "apy")]
    public void Check_AnotherSnapshotScheme_RejectedNamingIt(string text, string schemeId)
    {
        var verdict = Guard.Check(text, PmKisan());

        Assert.False(verdict.Accepted);
        Assert.Contains(schemeId, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CallersOwnNumbers_Accepted()
    {
        var sheet = PmKisan("main 62 saal ka kisan hoon, 3 acre zameen hai", CallerProfile.Empty with { Age = 62 });

        var verdict = Guard.Check("At 62, with 3 acres, you can get ₹6,000 a year.", sheet);

        Assert.True(verdict.Accepted, verdict.Reason);
    }

    [Fact]
    public void Check_NumbersAreNotComputed_EvenWhenTheArithmeticIsRight()
    {
        // ₹6,000 a year is ₹500 a month, but the facts never say 500: the guard accepts only stated figures.
        Assert.False(Guard.Check("That is ₹500 a month.", PmKisan()).Accepted);
    }

    [Fact]
    public void Check_EveryTemplatedAnswer_PassesAgainstItsOwnFacts()
    {
        // The fallback must never be something the guard itself would reject.
        var phraser = new GroundedPhraser(null, kb.Knowledge.Snapshot);
        var questions = new[] { "{0} kya hai", "{0} mein kitna paisa milta hai", "{0} ke liye kaun patra hai", "{0} ke documents", "{0} mein apply kaise karein", "{0} helpline number", "What is {0}?", "How much money does {0} give?" };
        var failures = new List<string>();
        var checkedAnswers = 0;
        foreach (var scheme in kb.Knowledge.Snapshot.Schemes)
        {
            foreach (var q in questions)
            {
                var question = string.Format(System.Globalization.CultureInfo.InvariantCulture, q, scheme.Names.ShortName("en"));
                var state = new ConversationState();
                var turn = kb.Engine.Respond(question, state);
                if (turn.SchemeIds.Count == 0)
                {
                    continue;
                }

                var request = new PhrasingRequest(question, turn.Answer, turn.Language, turn.SchemeIds, state.Profile);
                var sheet = phraser.Guard.Sheet(turn.SchemeIds, [.. phraser.Facts(request), turn.Answer], question, state.Profile);
                checkedAnswers++;
                foreach (var sentence in SentenceBuffer.Split(turn.Answer))
                {
                    var verdict = phraser.Check(sentence, turn.Language, sheet);
                    if (!verdict.Accepted)
                    {
                        failures.Add($"{scheme.Id} / {question}: \"{sentence}\" → {verdict.Reason}");
                    }
                }
            }
        }

        Assert.True(checkedAnswers > 200, $"only {checkedAnswers} answers checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}
