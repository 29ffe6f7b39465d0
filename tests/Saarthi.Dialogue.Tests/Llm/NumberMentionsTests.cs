using Saarthi.Dialogue.Llm;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class NumberMentionsTests
{
    [Theory]
    [InlineData("₹6,000 a year", 6000)]
    [InlineData("Rs 1,20,000 per year", 120000)]
    [InlineData("1.5 lakh rupees", 150000)]
    [InlineData("₹2 लाख का बीमा", 200000)]
    [InlineData("५ लाख तक का इलाज", 500000)]
    [InlineData("six thousand rupees", 6000)]
    [InlineData("twenty-five thousand", 25000)]
    [InlineData("one hundred and five rupees", 105)]
    [InlineData("छह हज़ार रुपये", 6000)]
    [InlineData("पचास हजार", 50000)]
    [InlineData("do lakh", 200000)]
    [InlineData("two years", 2)]
    [InlineData("पाँच साल", 5)]
    [InlineData("8.2% interest", 8.2)]
    [InlineData("1 crore", 10000000)]
    public void Find_Amount_ReadsItsValue(string text, double value)
    {
        var mentions = NumberMentions.Find(text);

        Assert.Single(mentions);
        Assert.Equal((decimal)value, mentions[0].Value);
    }

    [Theory]
    [InlineData("one of the schemes")]
    [InlineData("do you have a ration card")]
    [InlineData("एक योजना है")]
    [InlineData("no numbers here")]
    public void Find_NumberWordsThatAreNotAmounts_AreIgnored(string text)
    {
        Assert.Empty(NumberMentions.Find(text));
    }

    [Fact]
    public void Find_PhoneNumberInGroups_IsOneNumberWithItsParts()
    {
        var m = Assert.Single(NumberMentions.Find("Call 1800-115-5266 today"));

        Assert.True(m.IsPhone);
        Assert.Equal(18001155266m, m.Value);
        Assert.Equal([1800m, 115m, 5266m], m.Parts);
    }

    [Fact]
    public void Find_AgeRange_IsTwoNumbers()
    {
        Assert.Equal([18m, 40m], NumberMentions.Find("aged 18-40 years").Select(m => m.Value));
    }

    [Fact]
    public void Find_SentenceFullStopAfterANumber_IsNotADecimal()
    {
        Assert.Equal([2000m], NumberMentions.Find("You get ₹2,000. Then more.").Select(m => m.Value));
    }
}
