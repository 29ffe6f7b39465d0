using Saarthi.Native.Interop.Pocketsphinx;
using Saarthi.Speech.Stt.Grammar;
using Xunit;

namespace Saarthi.Speech.Tests.Stt.Grammar;

public sealed class JsgfGrammarBuilderTests
{
    private static readonly string Dictionary = PocketsphinxConfig.English().DictionaryPath;

    private static GrammarInputs Small() => new()
    {
        Schemes =
        [
            SchemePhrases.FromNames("apy", "Atal Pension Yojana (APY)", ["Atal Pension", "अटल पेंशन"]),
            SchemePhrases.FromNames("kcc", "Kisan Credit Card (KCC)", ["KCC loan"]),
        ],
    };

    [Fact]
    public void Build_SmallInputs_WritesOneRulePerSchemeAndWeightedRequests()
    {
        var grammar = new JsgfGrammarBuilder(Dictionary, [new RomanizedHindiLetterToSound()]).Build(Small());

        Assert.StartsWith("#JSGF V1.0;", grammar.Jsgf);
        Assert.Contains("public <utterance> = [ <opener> ] <request> [ please ];", grammar.Jsgf);
        Assert.Contains("<s_apy> = atal pension yojana\n    | apy\n    | atal pension;", grammar.Jsgf);
        Assert.Contains("<s_kcc> = kisan credit card\n    | kcc\n    | kcc loan;", grammar.Jsgf);
        Assert.Contains("/10/ <intent> <scheme>", grammar.Jsgf);
        Assert.DoesNotContain("<cardinal>", grammar.Jsgf); // numbers live in the reply grammar
        Assert.Contains("<cardinal>", grammar.ReplyJsgf);
        Assert.Equal(["atal pension yojana", "apy", "atal pension"], grammar.SchemePhrases["apy"].Select(p => p.Text));
        Assert.Single(grammar.Dropped, d => d.Phrase == "अटल पेंशन");
    }

    [Fact]
    public void Build_EveryGrammarWord_HasAPronunciation()
    {
        var grammar = new JsgfGrammarBuilder(Dictionary, [new RomanizedHindiLetterToSound()]).Build(Small());

        var words = (grammar.Jsgf + "\n" + grammar.ReplyJsgf).Split([' ', '\n', '|', '(', ')', '[', ']', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Where(t => char.IsAsciiLetterLower(t[0]) && t is not ("grammar" or "saarthi" or "saarthi_reply" or "public"));
        Assert.All(words, w => Assert.True(grammar.Lexicon.Pronunciations.ContainsKey(w), w));
    }

    [Fact]
    public void Build_PhraseWithUnpronounceableWord_IsDroppedNotFatal()
    {
        var inputs = Small() with { Schemes = [.. Small().Schemes, new SchemePhrases("x", ["Zzxq Scheme", "X Card"])] };

        var grammar = new JsgfGrammarBuilder(Dictionary, []).Build(inputs);

        Assert.Contains(grammar.Dropped, d => d.SchemeId == "x" && d.Reason.Contains("zzxq", StringComparison.Ordinal));
        Assert.Equal(["x card"], grammar.SchemePhrases["x"].Select(p => p.Text));
    }

    [Fact]
    public void Build_LoadsIntoPocketsphinx()
    {
        var grammar = new JsgfGrammarBuilder(Dictionary).Build(Small());
        using var decoder = PocketsphinxDecoder.Create(PocketsphinxConfig.English());

        decoder.AddWords(grammar.Lexicon.DictionaryAdditions());
        decoder.AddGrammar("questions", grammar.Jsgf);
        decoder.AddGrammar("replies", grammar.ReplyJsgf!);

        Assert.Equal(2, decoder.Searches.Count);
    }
}
