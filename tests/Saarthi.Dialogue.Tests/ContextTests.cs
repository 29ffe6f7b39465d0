using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests;

/// <summary>What the call remembers: facts said earlier, and the question the kiosk just asked.</summary>
public sealed class ContextTests(KnowledgeFixture kb)
{
    [Theory]
    [InlineData("meri umar 45 saal hai aur BPL card hai", "main vidhwa hu, kya mujhe vidhwa pension milegi")]
    [InlineData("I am 45 years old and we have a BPL card", "I am a widow. Can I get the widow pension?")]
    public void Respond_FactsOfFirstTurn_UsedInTheSecond(string first, string second)
    {
        var state = new ConversationState();
        kb.Engine.Respond(first, state);
        Assert.Equal(45, state.Profile.Age);
        Assert.True(state.Profile.Bpl);

        var turn = kb.Engine.Respond(second, state);

        // Age and BPL were said only in the first turn; the widow pension is decided on them.
        Assert.Null(turn.Understanding.Facts.Age);
        Assert.Null(turn.Understanding.Facts.Bpl);
        Assert.Equal("ignwps", turn.SchemeIds[0]);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "ignwps" && v.Verdict == Verdict.Eligible);
        Assert.Equal(45, state.Profile.Age);
        Assert.Equal("widowed", state.Profile.MaritalStatus);
    }

    [Fact]
    public void Respond_FarmerFactsOverTwoTurns_DecidePmKmy()
    {
        var state = new ConversationState();
        kb.Engine.Respond("I am a farmer, 30 years old", state);
        var turn = kb.Engine.Respond("I have 1 hectare of land, can I join the kisan maandhan pension?", state);

        Assert.Equal("pm-kmy", turn.SchemeIds[0]);
        Assert.Equal(30, state.Profile.Age);
        Assert.Equal(1.0, state.Profile.LandHectare);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "pm-kmy" && v.Verdict == Verdict.Eligible);
    }

    [Fact]
    public void Respond_LaterFactContradictsEarlier_LaterWins()
    {
        var state = new ConversationState();
        kb.Engine.Respond("I am a farmer, 30 years old, I have 1 hectare of land", state);
        var turn = kb.Engine.Respond("sorry, I have 4 hectare land. can I join the kisan maandhan pension?", state);

        Assert.Equal(4.0, state.Profile.LandHectare);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "pm-kmy" && v.Verdict == Verdict.NotEligible && v.Failed.Any(f => f.Fact == Fact.Land));
    }

    [Fact]
    public void Respond_BareAgeAfterAgeQuestion_ContinuesTheCheck()
    {
        var state = new ConversationState();
        var ask = kb.Engine.Respond("I am a widow with a BPL card, can I get the widow pension?", state);
        Assert.Equal(Fact.Age, ask.AskedFact);
        Assert.Equal("age", state.ExpectingFact);

        var turn = kb.Engine.Respond("45", state);

        Assert.Equal("ignwps", turn.SchemeIds[0]);
        Assert.Equal(45, state.Profile.Age);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "ignwps" && v.Verdict == Verdict.Eligible);
        Assert.Null(turn.AskedFact);
        Assert.Null(state.Pending);
    }

    [Fact]
    public void Respond_BareAgeOutOfRange_ContinuesWithANo()
    {
        var state = new ConversationState();
        kb.Engine.Respond("I am a widow with a BPL card, can I get the widow pension?", state);
        var turn = kb.Engine.Respond("35", state);
        Assert.Equal("ignwps", turn.SchemeIds[0]);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "ignwps" && v.Verdict == Verdict.NotEligible && v.Failed.Any(f => f.Fact == Fact.Age));
    }

    [Fact]
    public void Respond_BplAnswerAfterBplQuestion_ContinuesTheCheck()
    {
        var state = new ConversationState();
        var ask = kb.Engine.Respond("main vidhwa hu, umar 52 saal, kya mujhe vidhwa pension milegi", state);
        Assert.Equal(Fact.Bpl, ask.AskedFact);

        var turn = kb.Engine.Respond("haan BPL card hai", state);

        Assert.Equal("ignwps", turn.SchemeIds[0]);
        Assert.True(state.Profile.Bpl);
        Assert.Contains(turn.Verdicts, v => v.SchemeId == "ignwps" && v.Verdict == Verdict.Eligible);
    }

    [Fact]
    public void Respond_BareNumberWithoutQuestion_IsNotTakenAsAnAge()
    {
        var state = new ConversationState();
        kb.Engine.Respond("what is the pm kisan scheme", state);
        Assert.Null(state.ExpectingFact);
        kb.Engine.Respond("45", state);
        Assert.Null(state.Profile.Age);
    }

    [Fact]
    public void Clear_AfterACall_ForgetsEverything()
    {
        var state = new ConversationState();
        kb.Engine.Respond("I am a widow with a BPL card, can I get the widow pension?", state);
        state.Clear();
        Assert.Equal(0, state.Profile.FactCount);
        Assert.Empty(state.LastSchemeIds);
        Assert.Null(state.Pending);
        Assert.Null(state.LastAnswer);
        var turn = kb.Engine.Respond("repeat", state);
        Assert.Equal(Answers.PromptCatalog.Get(turn.Language, "nothing_to_repeat"), turn.Answer);
    }
}
