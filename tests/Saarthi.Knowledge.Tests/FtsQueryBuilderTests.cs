using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Saarthi.Knowledge.Search;

namespace Saarthi.Knowledge.Tests;

public class FtsQueryBuilderTests(SeedDatabaseFixture seed) : IClassFixture<SeedDatabaseFixture>
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(400);

    // ---- generators -------------------------------------------------------------------------------------------

    /// <summary>Pieces of text that mean something to FTS5, SQL, Unicode or the folder.</summary>
    private static readonly string[] Tokens =
    [
        "\"", "\"\"", "*", "(", ")", ":", "^", "'", "''", "-", "+", "{", "}", "[", "]", ",", ".", ";", "\\", "/", "%", "_",
        "NEAR", "NEAR(", "NEAR/3", "AND", "OR", "NOT", "near", "and", "or", "not", "MATCH", "body:", "scheme_id:", "{body}:",
        "kisan", "Kisan*", "^samman", "\"nidhi", "ayushmaan", "ujwala", "6,000", "1.5", "₹2,000", "१२३", "৬০০০",
        "किसान", "सम्मान", "उज्ज्वला", "आयुष्मान", "कि", "्", "़", "ँ", "কিষাণ", "કિસાન", "ਕਿਸਾਨ", "மகளிர்", "ಕಿಸಾನ್",
        "\0", "\u0001", "\u001f", "\u007f", "\t", "\n", "\r\n", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2028", "\ufffd", "\uffff",
        "\ud800", "\udc00", "\udbff\udfff", "\ud83d\ude00", "\ud840\udc00", "\ud835\udc00", "\ud804\udc8d",
        "Ⅻ", "ǅ", "ß", "İ", "ﬁ", "Å", "é", "e\u0301", "ا", "中文", "𠀀𠀁", " ", "  ", "x",
    ];

    private static readonly Gen<char> AnyChar = Gen.Choose(0, 0xFFFF).Select(i => (char)i);

    private static readonly Gen<string> AnyCodePoint = Gen.Frequency(
        (3, Gen.Choose(0, 0x7F).Select(i => ((char)i).ToString())),
        (3, Gen.Choose(0x0900, 0x0DFF).Select(i => ((char)i).ToString())),
        (2, AnyChar.Select(c => c.ToString())),
        (2, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> TokenSoup =
        Gen.ListOf(Gen.Frequency((4, Gen.Elements(Tokens)), (2, AnyCodePoint), (1, Gen.Elements(" ", "", "  ")))).Select(l => string.Concat(l));

    private static readonly Gen<string> RandomUtf16 = Gen.ArrayOf(AnyChar).Select(a => new string(a));

    private static readonly Gen<string> Long = Gen.Choose(4000, 10_000).SelectMany(n =>
        Gen.Elements(Tokens).SelectMany(t => Gen.ArrayOf(AnyCodePoint, n / 8).Select(cps =>
        {
            var sb = new StringBuilder(n + 64);
            int i = 0;
            while (sb.Length < n) sb.Append(i % 3 == 0 ? t : cps.Length == 0 ? "a" : cps[i % cps.Length]).Append(i++ % 5 == 0 ? " " : "");
            return sb.ToString();
        })));

    private static readonly Arbitrary<string?> Hostile = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (2, ArbMap.Default.ArbFor<string>().Generator.Select(s => (string?)s)),
        (6, TokenSoup.Select(s => (string?)s)),
        (3, RandomUtf16.Select(s => (string?)s)),
        (1, Long.Select(s => (string?)s))).ToArbitrary();

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>Runs <paramref name="match"/> as SQLite would for a search; throws if FTS5 rejects it.</summary>
    private long RunMatch(string table, string match)
    {
        using var cmd = seed.Raw.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {table} MATCH $q";
        cmd.Parameters.AddWithValue("$q", match);
        return (long)cmd.ExecuteScalar()!;
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    /// <summary>Every term is one FTS5 string literal: "…" with inner quotes doubled, joined by OR.</summary>
    private static bool IsQuotedOrList(string expr)
    {
        int i = 0, terms = 0;
        while (true)
        {
            if (i >= expr.Length || expr[i] != '"') return false;
            i++;
            while (true)
            {
                if (i >= expr.Length) return false;
                if (expr[i] == '"')
                {
                    if (i + 1 < expr.Length && expr[i + 1] == '"') { i += 2; continue; }
                    i++;
                    break;
                }
                if (char.IsControl(expr[i])) return false;
                i++;
            }
            terms++;
            if (i == expr.Length) return terms <= FtsQueryBuilder.MaxTerms;
            if (!expr.AsSpan(i).StartsWith(" OR \"", StringComparison.Ordinal)) return false;
            i += 4;
        }
    }

    private void AssertSafe(string? input)
    {
        var expr = FtsQueryBuilder.AnyWord(input);
        var withStops = FtsQueryBuilder.AnyWord(input, 3, StopWords.All);
        var folded = input is null ? null : FtsQueryBuilder.AnyWord(string.Join(' ', TextFold.Words(input)), 3);
        foreach (var e in new[] { expr, withStops, folded })
        {
            if (e is null) continue;
            Assert.True(IsQuotedOrList(e), $"not a quoted OR list: {e}");
            Assert.True(IsWellFormedUtf16(e), $"lone surrogate in: {Escape(e)}");
            RunMatch("scheme_fts", e);
            RunMatch("name_fts", e);
        }
        var hits = seed.Database.Search(input, 5);
        Assert.NotNull(hits);
        Assert.InRange(hits.Count, 0, 5);
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString()));

    // ---- properties ----------------------------------------------------------------------------------------------

    [Fact]
    public void AnyWord_HostileText_NeverThrowsAndRunsInFts5()
    {
        var prop = Prop.ForAll(Hostile, s =>
        {
            AssertSafe(s);
            return true;
        });
        Check.One(Many, prop);
    }

    [Fact]
    public void Search_HostileText_ReturnsAList()
    {
        Prop.ForAll(Hostile, s =>
        {
            var hits = seed.Database.Search(s, 3);
            return hits is not null && hits.Count <= 3 && hits.All(h => h.Score > 0 && !string.IsNullOrEmpty(h.SchemeId));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Quote_AnyString_IsOneLiteralFts5Accepts()
    {
        var arb = Gen.OneOf(TokenSoup, RandomUtf16, ArbMap.Default.ArbFor<string>().Generator.Where(s => s is not null)).ToArbitrary();
        var prop = Prop.ForAll(arb, s =>
        {
            var q = FtsQueryBuilder.Quote(s);
            Assert.True(IsQuotedOrList(q), q);
            Assert.True(IsWellFormedUtf16(q), Escape(q));
            RunMatch("scheme_fts", q);
            RunMatch("name_fts", q);
            return true;
        });
        Check.One(Many, prop);
    }

    [Fact]
    public void AnyWord_AnyText_TermsAreLowercaseDistinctAndBounded()
    {
        Prop.ForAll(Hostile, s =>
        {
            var e = FtsQueryBuilder.AnyWord(s);
            if (e is null) return true;
            var terms = e.Split(" OR ");
            return terms.Length <= FtsQueryBuilder.MaxTerms
                && terms.Distinct(StringComparer.Ordinal).Count() == terms.Length
                && terms.All(t => t.Length - 2 <= FtsQueryBuilder.MaxTermLength * 2 && t.AsSpan().SequenceEqual(t.ToLowerInvariant()));
        }).QuickCheckThrowOnFailure();
    }

    // ---- explicit cases -----------------------------------------------------------------------------------------

    public static TheoryData<string> Nasty() =>
    [
        "", " ", "   \t\r\n ", "\"", "\"\"\"", "* ( : ^ '", "'", "kisan*", "\"kisan\"", "kisan\" OR \"x", "NEAR(kisan samman)",
        "kisan AND samman OR NOT nidhi", "body:kisan", "scheme_id:pm-kisan", "{body scheme_id}: kisan", "^kisan", "kisan +", "-kisan",
        "\0", "kisan\0samman", "\u0001\u0002\u0003", "\ud800", "\udc00kisan", "kisan\ud800", "\ud840\udc00", "𠀀𠀁 kisan", "😀😀",
        "्", "ि", "़़़", "\u200d\u200c", "\ufeff", "ﷺ", "Ⅻ", new string('x', 10_000), string.Concat(Enumerable.Repeat("kisan ", 2000)),
        string.Concat(Enumerable.Repeat("\" * ( ", 2000)), string.Concat(Enumerable.Range(0, 10_000).Select(i => (char)(i * 7919 % 0xFFFF))),
        Encoding.Latin1.GetString(Garbage(10_000)), Encoding.UTF8.GetString(Garbage(10_000)),
    ];

    private static byte[] Garbage(int n)
    {
        var b = new byte[n];
        new Random(42).NextBytes(b);
        return b;
    }

    [Theory]
    [MemberData(nameof(Nasty), DisableDiscoveryEnumeration = true)]
    public void AnyWord_NastyInput_IsSafeAndSearchReturnsList(string input) => AssertSafe(input);

    [Fact]
    public void AnyWord_DoubleQuoteOnly_ReturnsNull() => Assert.Null(FtsQueryBuilder.AnyWord("\""));

    [Fact]
    public void AnyWord_FtsOperatorsOnly_ReturnsNull() => Assert.Null(FtsQueryBuilder.AnyWord("* ( : ^ '"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("\t\r\n")]
    public void AnyWord_EmptyOrWhitespace_ReturnsNull(string? input) => Assert.Null(FtsQueryBuilder.AnyWord(input));

    [Fact]
    public void AnyWord_WordsAmongSyntax_QuotesEachWord()
        => Assert.Equal("\"kisan\" OR \"samman\" OR \"nidhi\"", FtsQueryBuilder.AnyWord("kisan* (samman): ^nidhi'"));

    [Fact]
    public void AnyWord_Operators_BecomeQuotedLowercaseWords()
        => Assert.Equal("\"near\" OR \"and\" OR \"or\" OR \"not\"", FtsQueryBuilder.AnyWord("NEAR AND OR NOT"));

    [Fact]
    public void AnyWord_StopWords_AreLeftOut()
        => Assert.Equal("\"kisan\" OR \"पैसा\"", FtsQueryBuilder.AnyWord("what is the kisan yojana क्या है पैसा", 2, StopWords.All));

    [Fact]
    public void AnyWord_RepeatedWordsAnyCase_OneTerm()
        => Assert.Equal("\"kisan\"", FtsQueryBuilder.AnyWord("Kisan KISAN kisan"));

    [Fact]
    public void AnyWord_ShortAndOverlongWords_AreLeftOut()
        => Assert.Equal("\"ab\"", FtsQueryBuilder.AnyWord($"a ab {new string('k', FtsQueryBuilder.MaxTermLength + 1)}"));

    [Fact]
    public void AnyWord_ManyWords_StopsAtMaxTerms()
    {
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => "w" + i.ToString("D3")));

        var terms = FtsQueryBuilder.AnyWord(text)!.Split(" OR ");

        Assert.Equal(FtsQueryBuilder.MaxTerms, terms.Length);
        Assert.Equal("\"w000\"", terms[0]);
    }

    [Fact]
    public void AnyWord_Devanagari_KeepsWholeWordWithSigns()
        => Assert.Equal("\"किसान\" OR \"सम्मान\"", FtsQueryBuilder.AnyWord("किसान सम्मान"));

    [Fact]
    public void AnyWord_SupplementaryLetter_KeptIntact()
        => Assert.Equal("\"𠀀𠀁\"", FtsQueryBuilder.AnyWord("𠀀𠀁"));

    [Fact]
    public void AnyWord_TenThousandChars_IsSafe()
    {
        var text = string.Concat(Enumerable.Repeat("kisan \"(*:^' ", 1000));
        Assert.Equal(13_000, text.Length);

        Assert.Equal("\"kisan\"", FtsQueryBuilder.AnyWord(text));
        Assert.Equal("pm-kisan", Assert.Single(seed.Database.Search("samman " + text, 1)).SchemeId);
    }

    [Theory]
    [InlineData("kisan", "\"kisan\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("ab\0c\u0007d", "\"abcd\"")]
    [InlineData("", "\"\"")]
    [InlineData("उज्ज्वला", "\"उज्ज्वला\"")]
    public void Quote_Term_IsFts5StringLiteral(string term, string expected)
    {
        var q = FtsQueryBuilder.Quote(term);

        Assert.Equal(expected, q);
        RunMatch("scheme_fts", q);
    }

    [Fact]
    public void Quote_SupplementaryLetter_KeptWhole() => Assert.Equal("\"a𠀀b\"", FtsQueryBuilder.Quote("a𠀀b"));

    [Fact]
    public void Quote_LoneSurrogate_Dropped() => Assert.Equal("\"ab\"", FtsQueryBuilder.Quote("a\ud800b\udc00"));

    [Fact]
    public void RunMatch_UnquotedSyntax_WouldThrow()
    {
        // Guards the guard: the raw MATCH helper really surfaces FTS5 syntax errors.
        Assert.Throws<SqliteException>(() => RunMatch("scheme_fts", "kisan AND ("));
    }
}
