using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests;

/// <summary>
/// Understanding of caller paraphrases written for these tests (none is taken from the practice or extended sets):
/// the intent, the scheme, and follow-ups that lean on the conversation.
/// </summary>
public sealed class UnderstandingTests(KnowledgeFixture kb)
{
    public static TheoryData<string, string, string?> IntentCases() => new()
    {
        // scheme_info
        { "could you explain the atal pension scheme", "scheme_info", "apy" },
        { "ujjwala gas yojana ke bare me batao", "scheme_info", "pmuy" },
        { "आयुष्मान भारत योजना क्या होती है", "scheme_info", "pmjay" },
        // eligibility
        { "who is allowed to open a sukanya samriddhi account", "eligibility", "ssy" },
        { "kisan credit card kisko milta hai", "eligibility", "kcc" },
        { "मानधन पेंशन में किस उम्र तक जुड़ सकते हैं", "eligibility", null },
        // benefits
        { "how much pension does the widow pension give", "benefits", "ignwps" },
        { "pm kisan ki kist kitni hoti hai", "benefits", "pm-kisan" },
        { "सुरक्षा बीमा में दुर्घटना पर कितना पैसा मिलता है", "benefits", "pmsby" },
        // documents
        { "which papers are required for the ayushman card", "documents", "pmjay" },
        { "awas yojana gramin ke liye kaun se kagaz lagte hai", "documents", "pmay-g" },
        { "जन धन खाते के लिए कौन से दस्तावेज़ चाहिए", "documents", "pmjdy" },
        // apply_process
        { "how can I register for the mudra loan", "apply_process", "pmmy" },
        { "kisan credit card ke liye apply kaise kare", "apply_process", "kcc" },
        { "उज्ज्वला गैस कनेक्शन के लिए आवेदन कहाँ करें", "apply_process", "pmuy" },
        // helpline
        { "what is the pm kisan helpline number", "helpline", "pm-kisan" },
        { "jeevan jyoti bima ka toll free number", "helpline", "pmjjby" },
        { "फसल बीमा की शिकायत किस नंबर पर करें", "helpline", "pmfby" },
        // list_schemes
        { "which schemes are there for farmers", "list_schemes", null },
        { "ladkiyon ke liye kaun kaun si yojana hai", "list_schemes", null },
        { "बुजुर्गों के लिए कौन सी सरकारी योजनाएं हैं", "list_schemes", null },
        // eligibility_check_personal
        { "I am a 30 year old farmer with 1 hectare of land, what can I get", "eligibility_check_personal", null },
        { "meri umar 62 saal hai BPL card hai mere liye kya yojana hai", "eligibility_check_personal", null },
        // out_of_scope
        { "what will the weather be like tomorrow", "out_of_scope", null },
        { "mujhe train ki ticket book karni hai", "out_of_scope", null },
        { "आज क्रिकेट का स्कोर क्या है", "out_of_scope", null },
        // greeting
        { "namaste ji", "greeting", null },
        { "good evening", "greeting", null },
        { "राम राम जी", "greeting", null },
        // goodbye
        { "ok thank you bye", "goodbye", null },
        { "dhanyavad, bas itna hi", "goodbye", null },
        { "बहुत धन्यवाद, अलविदा", "goodbye", null },
        // human_agent
        { "I want to talk to a human", "human_agent", null },
        { "kisi insaan se baat karni hai", "human_agent", null },
        { "मुझे किसी अधिकारी से बात करनी है", "human_agent", null },
        // repeat
        { "please repeat", "repeat", null },
        { "ek baar phir se boliye", "repeat", null },
        { "समझ नहीं आया, दोबारा बोलिए", "repeat", null },
    };

    [Theory]
    [MemberData(nameof(IntentCases))]
    public void Understand_Paraphrase_GivesIntentAndScheme(string text, string intent, string? scheme)
    {
        var u = kb.Understand(text);
        Assert.Equal(intent, u.Intent.Label());
        if (scheme is not null) Assert.Equal(scheme, u.SchemeId);
    }

    [Fact]
    public void Understand_Paraphrases_CoverAllThirteenIntents()
    {
        var covered = IntentCases().Select(row => row.Data.Item2).ToHashSet();
        Assert.Equal(Text.IntentLabels.Order(), covered.Order());
        Assert.Equal(13, Enum.GetValues<Intent>().Length);
    }

    [Theory]
    [InlineData("tell me about pm kisaan", "pm-kisan")]
    [InlineData("ayushmaan card kya hai", "pmjay")]
    [InlineData("ujwala gas ke bare me batao", "pmuy")]
    [InlineData("narega job card kaise banega", "mgnrega")]
    [InlineData("किसान सम्मान के बारे में बताइए", "pm-kisan")]
    [InlineData("6000 wali yojana kya hai", "pm-kisan")]
    [InlineData("sukanya samridhi yojana kya hai", "ssy")]
    [InlineData("sukanya samriddhi ke bare me", "ssy")]
    [InlineData("atal pensan yojna", "apy")]
    [InlineData("mudra lone kaise milega", "pmmy")]
    [InlineData("jan dhan khata kya hai", "pmjdy")]
    [InlineData("matru vandana yojana kya hai", "pmmvy")]
    [InlineData("fasal beema yojana kya hai", "pmfby")]
    [InlineData("प्रधानमंत्री आवास योजना ग्रामीण", "pmay-g")]
    [InlineData("vishwakarma yojana ke bare me batao", "pm-vishwakarma")]
    [InlineData("swanidhi loan kya hai", "pm-svanidhi")]
    public void Understand_SpellingAndRecogniserVariants_ResolveScheme(string text, string scheme)
        => Assert.Equal(scheme, kb.Understand(text).SchemeId);

    [Theory]
    [InlineData("what is SSY", "ssy")]
    [InlineData("kcc kaise banta hai", "kcc")]
    [InlineData("how do I apply for CSSS", "csss")]
    [InlineData("k c c loan ke bare me", "kcc")] // letters as a recogniser spells them
    [InlineData("s.s.y. account", "ssy")]
    [InlineData("Pradhan Mantri Jan Arogya Yojana kya hai", "pmjay")] // the second half of "Ayushman Bharat – …"
    public void Understand_Abbreviations_ResolveScheme(string text, string scheme)
        => Assert.Equal(scheme, kb.Understand(text).SchemeId);

    [Fact]
    public void Understand_SpelledAbbreviationThenFacts_ReadsBoth()
    {
        // The letters are joined in the text itself, so the words that named the scheme and the facts stay aligned.
        var u = kb.Understand("k c c ke liye meri umar 40 saal hai kisan hu");
        Assert.Equal("kcc", u.SchemeId);
        Assert.Equal(40, u.Facts.Age);
        Assert.Contains("farmer", u.Facts.Occupations);
    }

    [Theory]
    [InlineData("garib logon ke liye kaun kaun si pension yojana hai")] // "si" folds like "SSY"
    [InlineData("कौन सी योजना में पेंशन मिलती है")]
    public void Understand_ShortKeysThatAreNotAbbreviations_DoNotNameThem(string text)
        => Assert.DoesNotContain("ssy", kb.Understand(text).SchemeIds);

    [Theory]
    [InlineData("ye kisaansamman nidhi kya cheez hai", "pm-kisan")] // run together
    [InlineData("aayush man card se kya hota hai", "pmjay")] // split apart
    [InlineData("thele wale ko swa nidhi me kitna loan milta hai", "pm-svanidhi")]
    public void Understand_NameSpacingTheRecogniserGotWrong_ResolvesScheme(string text, string scheme)
        => Assert.Equal(scheme, kb.Understand(text).SchemeId);

    [Fact]
    public void Respond_AnyOtherSchemeForFarmers_ListsFarmSchemesWithoutTheOneJustHeard()
    {
        var state = new ConversationState();
        kb.Engine.Respond("pm kisan kya hai", state);
        var turn = kb.Engine.Respond("aur koi yojana hai kisaano ke liye", state);
        Assert.Equal(Intent.ListSchemes, turn.Intent);
        Assert.DoesNotContain("pm-kisan", turn.SchemeIds);
        Assert.Contains("kcc", turn.SchemeIds);
    }

    [Theory]
    [InlineData("मातृ वंदना योजना क्या है इसमें गर्भवती औरत को कितने पैसे मिलते हैं", Intent.SchemeInfo)] // asked first what it is
    [InlineData("what is the yearly premium for PMJJBY now", Intent.Benefits)] // "what is" a fact, not the scheme
    [InlineData("sarkari aspatal me delivery free hoti hai kya aisi koi yojana hai", Intent.SchemeInfo)] // the one scheme that does it
    [InlineData("नमस्ते जी, मुझे एक योजना के बारे में पूछना था", Intent.Greeting)]
    [InlineData("sorry how many kilo did you say", Intent.Repeat)]
    [InlineData("पड़ोसी ने मेरी ज़मीन पर कब्ज़ा कर लिया है क्या करूँ", Intent.OutOfScope)]
    public void Understand_QuestionShapes_GiveIntent(string text, Intent intent)
        => Assert.Equal(intent, kb.Understand(text).Intent);

    [Theory]
    [InlineData("i want a loan", "pmmy")]
    [InlineData("mujhe pension chahiye", "ignoaps")]
    public void Understand_AKindOfHelpAlone_ListsTheSchemesGivingIt(string text, string among)
    {
        var u = kb.Understand(text);
        Assert.Equal(Intent.ListSchemes, u.Intent);
        Assert.Contains(among, u.SchemeIds);
    }

    [Fact]
    public void Understand_UnknownWordsOnly_NamesNoScheme()
    {
        var u = kb.Understand("blorp snazzle quix");
        Assert.Empty(u.SchemeIds);
        Assert.Equal(Intent.OutOfScope, u.Intent);
    }

    // ---- follow-ups through the conversation state -------------------------------------------------------------

    [Fact]
    public void Respond_ApplyForItAfterPmKisan_AppliesToPmKisan()
    {
        var state = new ConversationState();
        var first = kb.Engine.Respond("what is the pm kisan scheme", state);
        Assert.Equal(["pm-kisan"], first.SchemeIds);

        var turn = kb.Engine.Respond("how do I apply for it", state);

        Assert.Equal(Intent.ApplyProcess, turn.Intent);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.True(turn.Understanding.SchemeFromContext);
    }

    [Fact]
    public void Respond_IsmeKitnaPaisaAfterPmKisan_GivesPmKisanBenefits()
    {
        var state = new ConversationState();
        kb.Engine.Respond("pm kisan yojana ke bare me batao", state);

        var turn = kb.Engine.Respond("isme kitna paisa milta hai", state);

        Assert.Equal(Intent.Benefits, turn.Intent);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.Contains("6,000", turn.Answer);
    }

    [Fact]
    public void Respond_PronounWithoutEarlierScheme_AsksWhichScheme()
    {
        var turn = kb.Ask("how do I apply for it");
        Assert.Empty(turn.SchemeIds);
        Assert.Equal(Answers.PromptCatalog.Get("en", "which_scheme"), turn.Answer);
    }

    [Fact]
    public void Respond_NewSchemeNamedAfterFollowUp_SwitchesScheme()
    {
        var state = new ConversationState();
        kb.Engine.Respond("what is the pm kisan scheme", state);
        var turn = kb.Engine.Respond("and how do I apply for the ujjwala gas connection", state);
        Assert.Equal("pmuy", turn.SchemeIds[0]);
        Assert.False(turn.Understanding.SchemeFromContext);
    }

    [Fact]
    public void Respond_Repeat_ReturnsThePreviousAnswerUnchanged()
    {
        var state = new ConversationState();
        var first = kb.Engine.Respond("atal pension yojana me kitni pension milti hai", state);

        var again = kb.Engine.Respond("repeat please", state);
        var twice = kb.Engine.Respond("phir se bolo", state);

        Assert.Equal(Intent.Repeat, again.Intent);
        Assert.Equal(first.Answer, again.Answer);
        Assert.Equal(first.Answer, twice.Answer);
        Assert.Equal(first.SchemeIds, again.SchemeIds);
    }

    [Fact]
    public void Respond_RepeatSlowly_AsksTheVoiceToSlowDown()
    {
        var state = new ConversationState();
        kb.Engine.Respond("what is the pm kisan scheme", state);
        var slow = kb.Engine.Respond("dheere bolo", state);
        var plain = kb.Engine.Respond("repeat", state);
        Assert.True(slow.SpeakSlowly);
        Assert.False(plain.SpeakSlowly);
    }
}
