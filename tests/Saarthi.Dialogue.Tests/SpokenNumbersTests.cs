using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Tests;

public sealed class SpokenNumbersTests
{
    [Theory]
    [InlineData("untees saal", "29 saal")]
    [InlineData("sixty five years", "65  years")] // the unit word stays as an empty word: positions line up
    [InlineData("बहत्तर साल", "72 साल")]
    [InlineData("saat hazaar mahina", "7 hazaar mahina")]
    [InlineData("twenty", "20")]
    [InlineData("kisan samman nidhi", "kisan samman nidhi")]
    public void Normalize_NumberWords_BecomeDigits(string said, string expected)
    {
        var folded = TextFold.Words(said);
        var expectedWords = expected.Split(' ').Select(w => w.Length == 0 ? "" : TextFold.FoldWord(w)).ToList();
        Assert.Equal(expectedWords, SpokenNumbers.Normalize(folded));
    }

    [Fact]
    public void Extract_IncomeInWords_ReadsMonthlyIncome()
    {
        var p = SlotExtractor.Extract("mahina saat hazaar kamaati hu");
        Assert.Equal(7000, p.MonthlyIncomeInr);
    }
}
