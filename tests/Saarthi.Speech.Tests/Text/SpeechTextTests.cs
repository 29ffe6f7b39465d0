using Xunit;
using Saarthi.Speech.Text;

namespace Saarthi.Speech.Tests.Text;

public class SpeechTextTests
{
    [Theory]
    [InlineData("₹6,000 a year", "en", "six thousand rupees a year")]
    [InlineData("₹6,000 हर साल", "hi", "छह हज़ार रुपये हर साल")]
    [InlineData("₹1,20,000 per house", "en", "one lakh twenty thousand rupees per house")]
    [InlineData("₹1.20 लाख", "hi", "एक लाख बीस हज़ार रुपये")]
    [InlineData("₹1.5 lakh", "en", "one and a half lakh rupees")]
    [InlineData("₹2.5 लाख", "hi", "ढाई लाख रुपये")]
    [InlineData("₹10 lakh to ₹1 crore", "en", "ten lakh rupees to one crore rupees")]
    [InlineData("₹5-10 lakh", "en", "five to ten lakh rupees")]
    [InlineData("Rs 436 a year", "en", "four hundred and thirty-six rupees a year")]
    public void Normalize_Amounts_SaidAsIndianCallersSayThem(string text, string lang, string expected)
        => Assert.Equal(expected, SpeechText.Normalize(text, lang));

    [Theory]
    [InlineData("Call 1800-180-1111.", "en", "Call one eight zero zero, one eight zero, one one one one.")]
    [InlineData("हेल्पलाइन 14555 है।", "hi", "हेल्पलाइन एक चार पाँच पाँच पाँच है।")]
    [InlineData("PM-KISAN helpline 155261", "en", "P M-kisaan helpline one five five two six one")]
    public void Normalize_PhoneNumbers_ReadDigitByDigit(string text, string lang, string expected)
        => Assert.Equal(expected, SpeechText.Normalize(text, lang));

    [Theory]
    [InlineData("7% interest", "en", "seven percent interest")]
    [InlineData("1.5% प्रीमियम", "hi", "डेढ़ प्रतिशत प्रीमियम")]
    [InlineData("from 1 June 2022", "en", "from one june twenty twenty-two")]
    [InlineData("1 जून 2022 से", "hi", "एक जून दो हज़ार बाईस से")]
    [InlineData("in 2024-25", "en", "in twenty twenty-four to twenty-five")]
    [InlineData("aged 18-40", "en", "aged eighteen to forty")]
    [InlineData("70+ वरिष्ठ नागरिक", "hi", "सत्तर और उससे ऊपर वरिष्ठ नागरिक")]
    public void Normalize_PercentDatesRanges_InWords(string text, string lang, string expected)
        => Assert.Equal(expected, SpeechText.Normalize(text, lang));

    [Theory]
    [InlineData("Apply at a CSC with your BPL card.", "en", "Apply at a C S C with your B P L card.")]
    [InlineData("नज़दीकी CSC पर जाएँ।", "hi", "नज़दीकी सी एस सी पर जाएँ।")]
    [InlineData("MGNREGA gives work", "en", "manrega gives work")]
    [InlineData("see pmkisan.gov.in", "en", "see pmkisan dot G O V dot I N")]
    public void Normalize_AbbreviationsAndWebsites_Spelled(string text, string lang, string expected)
        => Assert.Equal(expected, SpeechText.Normalize(text, lang));

    [Fact]
    public void Normalize_OtherIndianLanguage_KeepsDigitsForTheVoice()
        => Assert.Equal("৬০০০ টাকা", SpeechText.Normalize("৬০০০ টাকা", "bn"));

    [Theory]
    [InlineData(0, "en", "zero")]
    [InlineData(99, "hi", "निन्यानवे")]
    [InlineData(100000, "en", "one lakh")]
    [InlineData(12_34_56_789, "en", "twelve crore thirty-four lakh fifty-six thousand seven hundred and eighty-nine")]
    [InlineData(12_34_56_789, "hi", "बारह करोड़ चौंतीस लाख छप्पन हज़ार सात सौ नवासी")]
    public void Say_WholeNumbers_IndianGrouping(long n, string lang, string expected)
        => Assert.Equal(expected, NumberWords.Say(n, lang));

    [Fact]
    public void Sentences_SplitsOnFullStopsAndDanda_NotInsideNumbers()
    {
        var s = SpeechText.Sentences("पहला वाक्य है। Second has ₹1.5 lakh. Third?");
        Assert.Equal(["पहला वाक्य है।", "Second has ₹1.5 lakh.", "Third?"], s);
    }

    [Fact]
    public void Normalize_PracticeAnswer_HasNoDigitsOrRupeeSignLeft()
    {
        var text = "प्रधानमंत्री किसान सम्मान निधि (पीएम-किसान): प्रति परिवार हर साल ₹6,000, हर चार महीने ₹2,000 की तीन बराबर किस्तों में सीधे बैंक खाते में (DBT)। आप नज़दीकी कॉमन सर्विस सेंटर (CSC) पर आवेदन कर सकते हैं।";
        var spoken = SpeechText.Normalize(text, "hi");
        Assert.DoesNotContain(spoken, char.IsAsciiDigit);
        Assert.DoesNotContain("₹", spoken, StringComparison.Ordinal);
        Assert.Contains("छह हज़ार रुपये", spoken, StringComparison.Ordinal);
        Assert.Contains("दो हज़ार रुपये", spoken, StringComparison.Ordinal);
    }
}
