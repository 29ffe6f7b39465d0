using Saarthi.Appliance.Evaluation;

namespace Saarthi.Appliance.Tests;

/// <summary>The must_mention rule of the practice file's format key, as the evaluator applies it.</summary>
public sealed class FactMatcherTests
{
    [Theory]
    [InlineData("आपको ₹६,००० मिलते हैं", "6000")]       // Devanagari digits
    [InlineData("বছরে ৬০০০ টাকা", "6000")]              // Bengali digits
    [InlineData("₹6,000 a year", "6000")]                 // thousands separator in the answer
    [InlineData("₹6000 a year", "6,000")]                 // … or in the entry
    [InlineData("₹1,20,000 in plains", "120000")]         // Indian grouping
    [InlineData("₹1 20 000 in plains", "1,20,000")]       // spaces inside a number
    public void Mentions_SameNumberWrittenDifferently_Matches(string answer, string entry)
        => Assert.True(FactMatcher.Mentions(answer, entry));

    [Theory]
    [InlineData("Apply for PM-KISAN online", "pmkisan")]
    [InlineData("complete the e-KYC first", "ekyc")]
    [InlineData("complete the eKYC first", "e-KYC")]
    [InlineData("Go to standupmitra.in", "Stand-Up-Mitra")]
    public void Mentions_HyphensIgnored_Matches(string answer, string entry)
        => Assert.True(FactMatcher.Mentions(answer, entry));

    [Theory]
    [InlineData("Go to your BANK branch.", "bank")]
    [InlineData("Shishu, Kishor and Tarun loans", "tarun")]
    [InlineData("(Tarun)", "Tarun")]
    public void Mentions_LatinWordOnWordBoundary_Matches(string answer, string entry)
        => Assert.True(FactMatcher.Mentions(answer, entry));

    [Theory]
    [InlineData("Internet banking is available", "bank")]
    [InlineData("the Tarunplus category", "Tarun")]
    [InlineData("a pre-matriculation course", "matric")]
    public void Mentions_LatinWordInsideAnotherWord_DoesNotMatch(string answer, string entry)
        => Assert.False(FactMatcher.Mentions(answer, entry));

    [Theory]
    [InlineData("₹600 per month", "60")]           // numbers match as substrings, by the file's rule
    [InlineData("शिशुओं के लिए", "शिशु")]             // other scripts too
    public void Mentions_NumbersAndOtherScripts_MatchAsSubstrings(string answer, string entry)
        => Assert.True(FactMatcher.Mentions(answer, entry));

    [Fact]
    public void Mentions_AnyAlternative_Matches()
    {
        Assert.True(FactMatcher.Mentions("ग्राम पंचायत में जाएँ", "Gram Panchayat|ग्राम पंचायत"));
        Assert.True(FactMatcher.Mentions("Go to the Gram Panchayat", "Gram Panchayat|ग्राम पंचायत"));
        Assert.False(FactMatcher.Mentions("Go to the block office", "Gram Panchayat|ग्राम पंचायत"));
    }

    [Theory]
    [InlineData("", "6000")]
    [InlineData("₹5,000 a year", "6000")]
    [InlineData("anything at all", "|")]
    [InlineData("anything at all", "")]
    public void Mentions_AbsentOrEmpty_DoesNotMatch(string answer, string entry)
        => Assert.False(FactMatcher.Mentions(answer, entry));

    [Fact]
    public void Normalize_MixedText_LowercasesAndJoinsNumbers()
        => Assert.Equal("pmkisan pays ₹6000 in 3 instalments of 2000", FactMatcher.Normalize("PM-KISAN pays ₹6,000 in 3 instalments of 2 000"));

    [Fact]
    public void Normalize_CommaBetweenWords_IsKept()
        => Assert.Equal("land, aadhaar and 2, 3", FactMatcher.Normalize("Land, Aadhaar and 2, 3"));
}
