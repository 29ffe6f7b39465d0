using Saarthi.Speech.Stt.Grammar;
using Xunit;

namespace Saarthi.Speech.Tests.Stt.Grammar;

public sealed class NumberWordsTests
{
    [Theory]
    [InlineData(0, "zero")]
    [InlineData(20, "twenty")]
    [InlineData(436, "four hundred thirty six")]
    [InlineData(6000, "six thousand")]
    [InlineData(12000, "twelve thousand")]
    [InlineData(500000, "five lakh")]
    [InlineData(25000000, "two crore fifty lakh")]
    public void ToWords_Value_IsTheCanonicalReading(long value, string expected) => Assert.Equal(expected, NumberWords.ToWords(value));

    [Theory]
    [InlineData(12, "twelfth")]
    [InlineData(9, "ninth")]
    [InlineData(21, "twenty first")]
    [InlineData(40, "fortieth")]
    public void ToOrdinalWords_Value_EndsInTheOrdinal(long value, string expected) => Assert.Equal(expected, NumberWords.ToOrdinalWords(value));

    [Fact]
    public void ToJsgf_Hundreds_AcceptsAOneAndOptionalAnd()
    {
        Assert.Equal("( one | a ) hundred", NumberWords.ToJsgf(100));
        Assert.Equal("four hundred [ and ] thirty six", NumberWords.ToJsgf(436));
        Assert.Equal("( five lakh | five hundred thousand )", NumberWords.ToJsgf(500000));
    }

    [Theory]
    [InlineData("6,000", 6000, false)]
    [InlineData("12th", 12, true)]
    [InlineData("2000", 2000, false)]
    public void TryParse_DigitsSeparatorsOrdinals_Parses(string text, long value, bool ordinal)
    {
        Assert.True(NumberWords.TryParse(text, out var v, out var o));
        Assert.Equal(value, v);
        Assert.Equal(ordinal, o);
    }

    [Fact]
    public void Vocabulary_CoversEveryWordTheReadingsUse()
    {
        foreach (var n in new long[] { 7, 13, 99, 436, 1000, 6000, 12000, 20000, 100000, 500000, 10000000 })
        {
            var words = NumberWords.ToJsgf(n).Split(' ').Where(w => char.IsAsciiLetter(w[0]));
            Assert.All(words, w => Assert.Contains(w, NumberWords.Vocabulary));
        }
    }
}

public sealed class SpokenPhraseTests
{
    [Fact]
    public void TryParse_Devanagari_IsRefusedWithAReason()
    {
        Assert.Null(SpokenPhrase.TryParse("किसान सम्मान निधि", out var reason));
        Assert.Equal("not in Latin script", reason);
    }

    [Fact]
    public void TryParse_HyphenatedAcronymAndName_SplitsAndMarksTheAcronym()
    {
        var phrase = SpokenPhrase.TryParse("PM-KISAN Yojana", out _)!;

        Assert.Equal("pm kisan yojana", phrase.Text);
        Assert.Equal([SpokenWordKind.Acronym, SpokenWordKind.Acronym, SpokenWordKind.Word], phrase.Words.Select(w => w.Kind));
        Assert.Equal("PM", phrase.Words[0].Written);
    }

    [Fact]
    public void TryParse_NumbersAndDecimals_AreSpelledWithSpokenVariants()
    {
        var amount = SpokenPhrase.TryParse("6000 wali yojana", out _)!;
        var version = SpokenPhrase.TryParse("Ujjwala 2.0", out _)!;
        var ordinal = SpokenPhrase.TryParse("12th ke baad scholarship", out _)!;

        Assert.Equal("six thousand wali yojana", amount.Text);
        Assert.Equal("ujjwala two point zero", version.Text);
        Assert.Contains("( zero | oh )", version.Jsgf);
        Assert.Contains(version.Vocabulary, w => w.Text == "oh");
        Assert.Equal("twelfth ke baad scholarship", ordinal.Text);
    }

    [Fact]
    public void TryParse_ApostropheAndAmpersand_AreKeptAsWords()
    {
        var phrase = SpokenPhrase.TryParse("PM Street Vendor's AtmaNirbhar Nidhi & more", out _)!;

        Assert.Equal("pm street vendor's atmanirbhar nidhi and more", phrase.Text);
        Assert.Equal(SpokenWordKind.Word, phrase.Words[3].Kind); // camel case is not an acronym
    }

    [Fact]
    public void WordsOf_Transcript_LowerCasesAndSplits() =>
        Assert.Equal(["what", "is", "pm", "kisan"], SpokenPhrase.WordsOf("What is PM-Kisan?"));
}

public sealed class SchemePhrasesTests
{
    [Fact]
    public void FromNames_BracketedAcronymAndDashedParts_BecomePhrases()
    {
        var phrases = SchemePhrases.FromNames("pmjay", "Ayushman Bharat – Pradhan Mantri Jan Arogya Yojana (AB PM-JAY)", ["Ayushman card", "आयुष्मान कार्ड"]).Phrases;

        Assert.Equal(
            ["Ayushman Bharat – Pradhan Mantri Jan Arogya Yojana", "Ayushman Bharat", "Pradhan Mantri Jan Arogya Yojana", "AB PM-JAY", "Ayushman card", "आयुष्मान कार्ड"],
            phrases);
    }

    [Fact]
    public void FromNames_BracketedExplanation_StaysInTheName()
    {
        var phrases = SchemePhrases.FromNames("sbm-g", "Swachh Bharat Mission (Gramin) – household toilet incentive", []).Phrases;

        Assert.Equal("Swachh Bharat Mission Gramin – household toilet incentive", phrases[0]);
        Assert.DoesNotContain("Gramin", phrases);
        Assert.Contains("household toilet incentive", phrases);
    }

    [Fact]
    public void FromNames_DashedAcronymSuffix_IsItsOwnPhrase()
    {
        var phrases = SchemePhrases.FromNames("ignoaps", "Indira Gandhi National Old Age Pension Scheme (IGNOAPS) – NSAP", []).Phrases;

        Assert.Contains("NSAP", phrases);
        Assert.Contains("IGNOAPS", phrases);
        Assert.Contains("Indira Gandhi National Old Age Pension Scheme", phrases);
    }
}
