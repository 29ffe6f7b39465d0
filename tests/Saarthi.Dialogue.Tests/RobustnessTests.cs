using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests;

/// <summary>Whatever arrives from the recogniser or a keyboard, the engine answers and never throws.</summary>
public sealed class RobustnessTests(KnowledgeFixture kb)
{
    private void AssertSensible(DialogueTurn turn)
    {
        Assert.False(string.IsNullOrWhiteSpace(turn.Answer));
        Assert.Contains(turn.Intent.Label(), Text.IntentLabels);
        Assert.Contains(turn.Language, PromptCatalog.Languages);
        Assert.All(turn.SchemeIds, id => Assert.NotNull(kb.Knowledge.Find(id)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\0\0\0")]
    public void Respond_NothingSaid_AsksToSayItAgain(string? text)
    {
        var turn = kb.Engine.Respond(text, new ConversationState());
        AssertSensible(turn);
        Assert.Equal(InputProblem.Empty, turn.Understanding.Problem);
        Assert.Equal(PromptCatalog.Get(turn.Language, "unclear"), turn.Answer);
        Assert.Equal("hi", turn.Language); // nothing to go by: the kiosk's default language
    }

    [Fact]
    public void Respond_NothingSaidAfterEnglishTurn_StaysInEnglish()
    {
        var state = new ConversationState();
        kb.Engine.Respond("what is the pm kisan scheme", state);
        var turn = kb.Engine.Respond("", state);
        Assert.Equal("en", turn.Language);
        Assert.Equal(PromptCatalog.Get("en", "unclear"), turn.Answer);
        Assert.Equal(["pm-kisan"], state.LastSchemeIds);
    }

    [Fact]
    public void Respond_TenThousandCharacters_AnswersTheFirstPartAndSaysSo()
    {
        var text = "pm kisan me kitna paisa milta hai " + string.Concat(Enumerable.Repeat("aur bhi bahut kuch bolna hai ", 400));
        Assert.True(text.Length > 10_000);
        var turn = kb.Ask(text[..10_000]);
        AssertSensible(turn);
        Assert.Equal(InputProblem.TooLong, turn.Understanding.Problem);
        Assert.StartsWith(PromptCatalog.Get("hi", "too_long"), turn.Answer);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
    }

    [Fact]
    public void Respond_TenThousandRandomLetters_Answers()
    {
        var rng = new Random(7);
        var text = new string(Enumerable.Range(0, 10_000).Select(_ => (char)rng.Next('a', 'z' + 1)).ToArray());
        AssertSensible(kb.Ask(text));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Respond_RandomBytesAsUtf8_SaysItDidNotUnderstand(int seed)
    {
        var bytes = new byte[600];
        new Random(seed).NextBytes(bytes);
        var turn = kb.Ask(Encoding.UTF8.GetString(bytes));
        AssertSensible(turn);
        Assert.Equal(Intent.OutOfScope, turn.Intent);
        Assert.Empty(turn.SchemeIds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Respond_RandomBytesAsLatin1_Answers(int seed)
    {
        var bytes = new byte[600];
        new Random(seed).NextBytes(bytes);
        AssertSensible(kb.Ask(Encoding.Latin1.GetString(bytes)));
    }

    [Theory]
    [InlineData("\" * ( : ^ '")]
    [InlineData("'; DROP TABLE schemes; --")]
    [InlineData("pm kisan\" OR 1=1 --")]
    [InlineData("NEAR(kisan yojana, 2) AND NOT ayushman*")]
    [InlineData("{\"scheme\": \"pm-kisan\"} ^^^ :: ))")]
    [InlineData("ujjwala' UNION SELECT * FROM scheme_fts --")]
    public void Respond_QuerySyntax_AnswersAndTheDatabaseStillServes(string text)
    {
        var turn = kb.Ask(text);
        AssertSensible(turn);
        Assert.DoesNotContain("DROP", turn.Answer);

        // The snapshot is still whole and searchable afterwards.
        Assert.Equal(Seed.SchemeCount, kb.Knowledge.Snapshot.Schemes.Count);
        Assert.Contains(kb.Knowledge.Search("kisan samman nidhi", 5), h => h.SchemeId == "pm-kisan");
        Assert.Equal("pm-kisan", kb.Understand("pm kisan kya hai").SchemeId);
    }

    [Theory]
    [InlineData("你好，请问养老金怎么申请")]
    [InlineData("Здравствуйте, какая пенсия")]
    [InlineData("مرحبا كيف حالك")]
    public void Respond_UnsupportedLanguage_AnswersOutOfScopeInHindi(string text)
    {
        var turn = kb.Ask(text);
        AssertSensible(turn);
        Assert.Equal(Intent.OutOfScope, turn.Intent);
        Assert.Equal("hi", turn.Language);
        Assert.Empty(turn.SchemeIds);
    }

    [Theory]
    [InlineData("বিধবা ভাতা মাসে কত টাকা")]
    [InlineData("விதவை ஓய்வூதியம்")]
    public void Respond_IndicLanguageWithoutOwnWording_AnswersInHindiLabelledHindi(string text)
    {
        var turn = kb.Ask(text);
        AssertSensible(turn);
        Assert.NotEqual("hi", turn.Understanding.Language);
        Assert.Equal("hi", turn.Language);
        Assert.Contains(turn.Answer, c => c is >= '\u0900' and <= '\u097F');
    }

    [Theory]
    [InlineData("🙏🙏🙏")]
    [InlineData("😀 🚜 🌾 💰")]
    [InlineData("\uD800\uDC00\uDBFF")] // a lone surrogate
    [InlineData("\uFFFD\uFFFD\uFFFD\uFFFD")]
    public void Respond_SymbolsOnly_SaysItDidNotUnderstand(string text)
    {
        var turn = kb.Ask(text);
        AssertSensible(turn);
        Assert.Equal(InputProblem.Unintelligible, turn.Understanding.Problem);
        Assert.Equal(PromptCatalog.Get(turn.Language, "unclear"), turn.Answer);
    }

    [Fact]
    public void Respond_EmojiAroundAQuestion_StillAnswersIt()
    {
        var turn = kb.Ask("🙏 pm kisan kya hai 🙏");
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.Equal(Intent.SchemeInfo, turn.Intent);
    }

    // ---- properties --------------------------------------------------------------------------------------------

    private static readonly string[] Vocabulary =
    [
        "pm", "kisan", "किसान", "yojana", "kitna", "paisa", "milta", "hai", "how", "apply", "it", "isme", "repeat", "phir", "se", "bye",
        "hello", "45", "saal", "BPL", "card", "nahi", "vidhwa", "pension", "4", "hectare", "3", "lakh", "ujjwala", "gas", "helpline",
        "number", "\"", "*", "(", ")", ":", "^", "'", ";", "--", "DROP", "NEAR", "OR", "AND", "%", "₹", "६०००", "🙏", "\u0000", "\uFFFD",
        "\uD800", "ৰ", "ळ", "मला", "আমি", "NOT", "-", "…", "\u200D", "\u0301",
    ];

    private static readonly Gen<string> TokenSoup =
        Gen.ArrayOf(Gen.Elements(Vocabulary)).Select(ws => string.Join(' ', ws));

    private static readonly Gen<string> AnyUtf16 =
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(i => (char)i)).Select(cs => new string(cs));

    private static readonly Gen<string> VeryLong =
        Gen.Choose(2_000, 12_000).SelectMany(n => Gen.Elements(Vocabulary).ArrayOf(n / 4)).Select(ws => string.Join(' ', ws));

    private static readonly Arbitrary<string> Utterances = Gen.Frequency(
        (3, ArbMap.Default.ArbFor<string>().Generator),
        (3, TokenSoup),
        (2, AnyUtf16),
        (1, VeryLong)).ToArbitrary();

    [Fact]
    public void Respond_AnyString_NeverThrowsAndAnswersWithAKnownIntent()
    {
        Prop.ForAll(Utterances, text =>
        {
            var turn = kb.Engine.Respond(text, new ConversationState());
            return !string.IsNullOrWhiteSpace(turn.Answer)
                && Text.IntentLabels.Contains(turn.Intent.Label())
                && turn.SchemeIds.All(id => kb.Knowledge.Find(id) is not null);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Respond_AnySequenceOfTurns_KeepsAnsweringInOneConversation()
    {
        var calls = Gen.ListOf(Gen.Frequency((3, TokenSoup), (1, ArbMap.Default.ArbFor<string>().Generator))).ToArbitrary();
        Prop.ForAll(calls, turns =>
        {
            var state = new ConversationState();
            int n = 0;
            foreach (var text in turns)
            {
                var turn = kb.Engine.Respond(text, state);
                if (string.IsNullOrWhiteSpace(turn.Answer) || !Text.IntentLabels.Contains(turn.Intent.Label())) return false;
                n++;
            }
            return state.Turns == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sanitize_AnyString_ReturnsTrimmedTextWithoutControlCharacters()
    {
        Prop.ForAll(Utterances, text =>
        {
            var (clean, problem) = Understander.Sanitize(text);
            return clean.Length <= Understander.MaxChars
                && !clean.Any(c => char.IsControl(c))
                && clean == clean.Trim()
                && (clean.Length > 0 || problem == InputProblem.Empty);
        }).QuickCheckThrowOnFailure();
    }
}
