using Saarthi.Speech.Stt.Grammar;
using Xunit;

namespace Saarthi.Speech.Tests.Stt.Grammar;

public sealed class PronunciationTests
{
    [Theory]
    [InlineData("kˈɪsən", "K IH S AH N")]
    [InlineData("ʌdʒwˈɑːlə", "AH JH W AA L AH")]
    [InlineData("pˌiːˈɛm", "P IY EH M")]
    [InlineData("hˈɛlplaɪn", "HH EH L P L AY N")]
    [InlineData("wˈɔːɾɚ", "W AO T ER")]
    public void IpaToArpabet_EspeakOutput_MapsToCmudictPhones(string ipa, string arpabet) =>
        Assert.Equal(arpabet, IpaToArpabet.Convert(ipa));

    [Fact]
    public void IpaToArpabet_UnknownSymbol_GivesNull() => Assert.Null(IpaToArpabet.Convert("kˈɪ☃n"));

    [Fact]
    public void Spell_Acronym_UsesLetterNamesAndBothZs()
    {
        Assert.Equal(["K EY S IY S IY"], Arpabet.Spell("KCC"));
        Assert.Equal(["Z EH D", "Z IY"], Arpabet.Spell("Z"));
    }

    [Theory]
    [InlineData("ujjwala", "UH JH V AH L AA")]
    [InlineData("shauchalay", "SH AO CH AA L EY")]
    [InlineData("nidhi", "N IH D IY")]
    [InlineData("bhi", "B IY")]
    public void RomanizedHindi_Word_FollowsTheRules(string word, string expected) =>
        Assert.Contains(expected, RomanizedHindiLetterToSound.Pronounce(word));

    [Fact]
    public void RomanizedHindi_InnerA_GivesShortAndLongReadings() =>
        Assert.Equal(["K IH S AH N", "K IH S AA N"], RomanizedHindiLetterToSound.Pronounce("kisan"));

    [Fact]
    public void RomanizedHindiLexicon_EveryEntry_UsesOnlyModelPhones() =>
        Assert.All(RomanizedHindiLexicon.Words, w => Assert.All(RomanizedHindiLexicon.Lookup(w), p => Assert.True(Arpabet.IsValid(p), $"{w}: {p}")));

    [Fact]
    public void EspeakLetterToSound_RomanizedWordsAndAcronyms_ComeBackAsArpabet()
    {
        var espeak = new EspeakLetterToSound("en-us");
        Assert.True(espeak.IsAvailable, "espeak-ng is installed by ./saarthi setup");

        var result = espeak.Pronounce(["ujjwala", "KCC", "kisan"]);

        Assert.Equal("AH JH W AA L AH", result["ujjwala"].Single());
        Assert.Equal("K EY S IY S IY", result["KCC"].Single());
        Assert.Equal("K IH S AH N", result["kisan"].Single());
    }

    [Fact]
    public void Build_KnownAndNewWords_NamesAdditionsAfterTheDictionarysOwnEntries()
    {
        var dict = Path.Combine(Path.GetTempPath(), $"saarthi-dict-{Guid.NewGuid():N}.dict");
        File.WriteAllLines(dict, ["kisan K IH Z AH N", "pension P EH N SH AH N", "what W AH T", "what(2) HH W AH T"]);
        try
        {
            var vocabulary = new[]
            {
                new SpokenWord("kisan", "Kisan", SpokenWordKind.Word),
                new SpokenWord("pension", "pension", SpokenWordKind.Word),
                new SpokenWord("what", "what", SpokenWordKind.Word),
                new SpokenWord("yojana", "yojana", SpokenWordKind.Word),
                new SpokenWord("kcc", "KCC", SpokenWordKind.Acronym),
                new SpokenWord("qqq", "qqq", SpokenWordKind.Word),
            };

            var lexicon = PronunciationLexicon.Build(vocabulary, dict, [new RomanizedHindiLetterToSound()], new HashSet<string> { "kisan", "yojana", "qqq" });
            var additions = lexicon.DictionaryAdditions().ToDictionary(e => e.Key, e => e.Value);

            Assert.Equal("K IH S AA N", additions["kisan(2)"]); // Hindi reading after CMUdict's American one
            Assert.False(additions.ContainsKey("pension"));
            Assert.False(additions.ContainsKey("what(3)"));
            Assert.Equal("Y OW JH AH N AA", additions["yojana"]);
            Assert.Equal("Y OW JH N AA", additions["yojana(2)"]);
            Assert.Equal("K EY S IY S IY", additions["kcc"]);
            Assert.True(lexicon.Unpronounceable.ContainsKey("qqq"));
            Assert.Equal("cmudict+hindi-lexicon", lexicon.Sources["kisan"]);
        }
        finally
        {
            File.Delete(dict);
        }
    }
}
