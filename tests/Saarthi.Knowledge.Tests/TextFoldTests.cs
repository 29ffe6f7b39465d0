using FsCheck;
using FsCheck.Fluent;
using Saarthi.Knowledge.Search;

namespace Saarthi.Knowledge.Tests;

public class TextFoldTests
{
    private static void AssertSameKey(params string[] spellings)
    {
        var keys = spellings.Select(TextFold.FoldWord).ToList();
        Assert.True(keys.Distinct(StringComparer.Ordinal).Count() == 1,
            string.Join(", ", spellings.Zip(keys, (s, k) => $"{s} → {k}")));
    }

    [Fact]
    public void FoldWord_KisanSpellings_SameKey() => AssertSameKey("kisaan", "kisan", "Kisan", "KISAAN", "किसान");

    [Fact]
    public void FoldWord_UjjwalaSpellings_SameKey() => AssertSameKey("ujjwala", "ujwala", "Ujjawala".Replace("awa", "wa", StringComparison.Ordinal), "उज्ज्वला");

    [Fact]
    public void FoldWord_AyushmanSpellings_SameKey() => AssertSameKey("ayushmaan", "ayushman", "Ayushman", "आयुष्मान");

    [Theory]
    [InlineData("samman", "सम्मान")]
    [InlineData("nidhi", "निधि")]
    [InlineData("bharat", "भारत")]
    [InlineData("beema", "bima")]
    [InlineData("shiksha", "siksa")]
    [InlineData("phasal", "fasal")]
    [InlineData("zameen", "jamin")]
    [InlineData("PM", "पीएम")]
    [InlineData("LPG", "एलपीजी")]
    public void FoldWord_Variants_SameKey(string a, string b) => AssertSameKey(a, b);

    [Theory]
    [InlineData("kisan", "kasan")]
    [InlineData("ujjwala", "ayushman")]
    [InlineData("gas", "ghar")]
    public void FoldWord_DifferentWords_DifferentKeys(string a, string b)
        => Assert.NotEqual(TextFold.FoldWord(a), TextFold.FoldWord(b));

    [Theory]
    [InlineData("yojana")]
    [InlineData("yojna")]
    [InlineData("yojanaa")]
    [InlineData("Yojana")]
    [InlineData("योजना")]
    public void Skeleton_YojanaSpellings_Yjn(string spelling)
        => Assert.Equal("yjn", TextFold.Skeleton(TextFold.FoldWord(spelling)));

    [Fact]
    public void Skeleton_YojanaAndYojna_Same()
        => Assert.Equal(TextFold.Skeleton(TextFold.FoldWord("yojana")), TextFold.Skeleton(TextFold.FoldWord("yojna")));

    [Fact]
    public void Skeleton_LeadingVowel_Kept() => Assert.Equal("ujvl", TextFold.Skeleton(TextFold.FoldWord("ujjwala")));

    [Theory]
    [InlineData("६०००", "6000")]
    [InlineData("२०२४", "2024")]
    [InlineData("०", "0")]
    [InlineData("৬০০০", "6000")]
    [InlineData("૬૦૦૦", "6000")]
    public void Words_IndicDigits_BecomeAsciiNumber(string digits, string expected)
        => Assert.Equal([expected], TextFold.Words(digits));

    [Fact]
    public void Words_DevanagariAmount_OneAsciiNumber()
    {
        var words = TextFold.Words("₹६,००० रुपये");

        Assert.Equal(2, words.Count);
        Assert.Equal("6000", words[0]);
        Assert.StartsWith("rup", words[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6,000", "6000")]
    [InlineData("Rs 6,000 a year", "6000")]
    [InlineData("₹6,000.", "6000")]
    [InlineData("5,00,000 tak", "500000")]
    [InlineData("1.5 lakh", "1.5")]
    public void Words_GroupedNumber_StaysOneWord(string text, string number)
    {
        var words = TextFold.Words(text);

        Assert.Contains(number, words);
        Assert.Single(words, w => char.IsAsciiDigit(w[0]));
    }

    [Fact]
    public void Words_NumberThenComma_SplitsAtTheComma()
        => Assert.Equal(["6", "7"], TextFold.Words("6, 7"));

    [Fact]
    public void Words_CommaBetweenWords_Separates()
        => Assert.Equal(["kisan", "saman"], TextFold.Words("kisan,samman"));

    [Fact]
    public void RawWords_Sentence_SplitsOnPunctuationAndSpace()
        => Assert.Equal(["PM", "KISAN", "किसान", "सम्मान", "6000"], TextFold.RawWords("PM-KISAN: किसान, सम्मान (6,000)!"));

    [Theory]
    [InlineData("কিষাণ", "किषाण")]   // Bengali
    [InlineData("কিসান", "किसान")]   // Bengali
    [InlineData("કિસાન", "किसान")]   // Gujarati
    [InlineData("ਕਿਸਾਨ", "किसान")]   // Gurmukhi
    [InlineData("ଯୋଜନା", "योजना")]   // Odia
    public void FoldWord_OtherBrahmicScript_FoldsLikeDevanagari(string other, string devanagari)
    {
        Assert.Equal(TextFold.FoldWord(devanagari), TextFold.FoldWord(other));
        Assert.True(TextFold.IsIndic(other));
    }

    [Fact]
    public void FoldWord_BengaliKishan_MatchesRomanKisan()
        => Assert.Equal("kisan", TextFold.FoldWord("কিষাণ"));

    [Theory]
    [InlineData('\u0995', '\u0915')] // ক → क
    [InlineData('\u0A95', '\u0915')] // ક → क
    [InlineData('\u09BF', '\u093F')] // ি → ि
    [InlineData('a', 'a')]
    [InlineData('\u0915', '\u0915')]
    public void ToDevanagari_Character_SameOffsetInBlock(char c, char expected)
        => Assert.Equal(expected, TextFold.ToDevanagari(c));

    [Theory]
    [InlineData("नदी", "nadii")]
    [InlineData("किसान", "kisaan")]
    [InlineData("योजना", "yojnaa")]
    [InlineData("क", "ka")]
    public void Transliterate_Hindi_DeletesSchwa(string hindi, string latin)
        => Assert.Equal(latin, TextFold.Transliterate(hindi));

    [Fact]
    public void FoldWord_PrecomposedAndDecomposedNukta_SameKey()
        => Assert.Equal(TextFold.FoldWord("\u095Bमीन"), TextFold.FoldWord("\u091C\u093Cमीन"));

    [Fact]
    public void Words_ZeroWidthJoinerInsideWord_StaysOneWord()
        => Assert.Equal([TextFold.FoldWord("उज्ज्वला")], TextFold.Words("उज्\u200Dज्वला"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ,.!? ")]
    public void Words_NothingWordy_Empty(string? text) => Assert.Empty(TextFold.Words(text));

    [Fact]
    public void Words_AnyText_NeverThrowsAndYieldsNonEmptyWords()
    {
        var chars = Gen.Frequency(
            (3, Gen.Choose(0, 0x7F)), (4, Gen.Choose(0x0900, 0x0DFF)), (2, Gen.Choose(0, 0xFFFF)), (1, Gen.Constant(0xD800)));
        var arb = Gen.ArrayOf(chars).Select(a => new string(a.Select(i => (char)i).ToArray())).ToArbitrary();
        Prop.ForAll(arb, s =>
        {
            var words = TextFold.Words(s);
            return words.All(w => w.Length > 0 && w.Length <= s.Length * 4 + 4);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("kisaan")]
    [InlineData("ujjwala")]
    [InlineData("ayushmaan")]
    [InlineData("bheema")]
    [InlineData("chhatravritti")]
    [InlineData("khhet")]
    [InlineData("taxi")]
    [InlineData("Quick")]
    [InlineData("छात्रवृत्ति")]
    public void FoldWord_FoldedKey_StaysTheSameWhenFoldedAgain(string word)
    {
        var key = TextFold.FoldWord(word);

        Assert.Equal(key, TextFold.FoldWord(key));
    }

    [Fact]
    public void FoldWord_ChhAndCh_SameKey() => AssertSameKey("chhatravritti", "chatravritti", "छात्रवृत्ति");
}
