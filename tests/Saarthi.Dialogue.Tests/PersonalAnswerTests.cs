using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests;

/// <summary>Callers describing themselves: which scheme the answer is about and which of its facts they hear.</summary>
public sealed class PersonalAnswerTests(KnowledgeFixture kb)
{
    [Theory]
    [InlineData("main 30 saal ki hu SC hu ghar me gas nahi hai mujhe mil jayega", "pmuy")] // the need, not the best-paying scheme
    [InlineData("main kumhar hu mitti ke bartan banata hu 40 saal umar hai koi loan aur training wali yojana hai kya", "pm-vishwakarma")]
    public void Respond_FactsAndOneClearNeed_AnswersAboutTheSchemeForThatNeed(string text, string scheme)
    {
        var turn = kb.Ask(text);
        Assert.Equal(Intent.EligibilityCheckPersonal, turn.Intent);
        Assert.Equal(scheme, turn.SchemeIds[0]);
    }

    [Theory]
    [InlineData("स्वनिधि में ठेले वालों को पहली बार कितना लोन मिलता है", Intent.Benefits)]
    [InlineData("अनुसूचित जाति के बच्चों की पढ़ाई के लिए सरकार क्या देती है", Intent.ListSchemes)]
    public void Understand_TraitsOfAGroupSpokenOfInGeneral_AreNoPersonalCheck(string text, Intent intent)
        => Assert.Equal(intent, kb.Understand(text).Intent);

    [Fact]
    public void Respond_TailorAskingWhichSchemes_HearsMoreThanHerTradesScheme()
    {
        // "at home" is no housing need: the list is not narrowed to her trade alone.
        var turn = kb.Ask("I'm a 24 year old woman in Rajasthan, I stitch clothes at home and earn about 8000 a month. What schemes can I join?");
        Assert.Contains("pm-sym", turn.SchemeIds);
        Assert.Contains("pm-vishwakarma", turn.SchemeIds);
    }

    [Fact]
    public void Respond_FatherOf72FromAMiddleClassFamily_HearsTheRuleForOver70sAboutTheNamedCard()
    {
        // "middle class" is no student, "any list" no request for a list, "card" does not make it Jan Dhan.
        var turn = kb.Ask("my father is 72, we are a middle class family and our name is not in any list, can he still get the ayushman card");
        Assert.Equal("pmjay", turn.SchemeIds[0]);
        Assert.Contains("70", turn.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_ElderOver80_HearsTheAmountForTheirAge()
    {
        var turn = kb.Ask("हमारी दादी 84 साल की हैं, गरीबी रेखा वाला कार्ड है, सरकार से कितनी पेंशन मिलेगी?");
        Assert.Equal("ignoaps", turn.SchemeIds[0]);
        Assert.Contains("₹500", turn.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_YoungWorkerAskingOldAgePension_HearsNoAndThePensionForWorkers()
    {
        var turn = kb.Ask("माझं वय 25 आहे मी शेतमजूर आहे महिन्याला 7000 कमावतो म्हातारपणी पेन्शन मिळेल अशी योजना कोणती");
        Assert.Contains("pm-sym", turn.SchemeIds);
        Assert.Contains("3,000", turn.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how do i register for vishvakarma scheme as a carpenter", Intent.ApplyProcess)]
    [InlineData("i have a 60 percent disability certificate i am 30 and we are bpl can i get the viklang pension", Intent.EligibilityCheckPersonal)]
    public void Understand_FactsWithAProcessQuestion_AnswersTheQuestionUnlessTheCallerDescribesThemselves(string text, Intent intent)
        => Assert.Equal(intent, kb.Understand(text).Intent);

    [Fact]
    public void Respond_PronounAndOneFactAfterAScheme_ChecksThatScheme()
    {
        var state = new ConversationState();
        kb.Engine.Respond("jeevan jyoti bima kya hai", state);
        var turn = kb.Engine.Respond("meri umar 55 hai kya main ye le sakta hu", state);
        Assert.Equal(Intent.Eligibility, turn.Intent);
        Assert.Equal("pmjjby", turn.SchemeIds[0]);
        Assert.Contains("50", turn.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_AnySchemeForMeAfterAScheme_LeavesThePreviousScheme()
    {
        var state = new ConversationState();
        kb.Engine.Respond("parivarik labh yojana kya hai", state);
        var turn = kb.Engine.Respond("bhaiya mujhe bhi koi yojana ka fayda mil sakta hai kya", state);
        Assert.Equal(Intent.EligibilityCheckPersonal, turn.Intent);
        Assert.DoesNotContain("nfbs", turn.SchemeIds);
    }
}
