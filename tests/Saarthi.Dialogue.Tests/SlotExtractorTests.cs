using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue.Tests;

public sealed class SlotExtractorTests
{
    [Theory]
    [InlineData("meri umar 52 saal hai", 52)]
    [InlineData("I am 67 years old", 67)]
    [InlineData("umar 38 hai meri", 38)]
    [InlineData("मेरी उम्र 45 साल है", 45)]
    [InlineData("a 24 year old woman", 24)]
    [InlineData("our grandmother is 84, we have a bpl card", 84)]
    [InlineData("my uncle was 64 when he passed away", 64)]
    [InlineData("im 67 my husband passed away last year", 67)]
    [InlineData("meri umar bayalis saal hai", 42)] // numbers as the recogniser writes words
    [InlineData("मेरे पिताजी बहत्तर साल के हैं", 72)]
    [InlineData("my mother is sixty five", 65)]
    [InlineData("main tees saal ka kisan hu", 30)]
    [InlineData("আমার বয়স ৩০", 30)]
    public void Extract_AgeSaid_ReadsAge(string text, int age)
        => Assert.Equal(age, SlotExtractor.Extract(text).Age);

    [Theory]
    [InlineData("meri 2 gaay hai dairy ka kaam")]
    [InlineData("i am 4 months pregnant")]
    [InlineData("the premium is 436 a year")]
    [InlineData("my salary is 9000 a month")]
    public void Extract_NumberAfterIsThatIsNoPersonsAge_IsNoAge(string text)
        => Assert.Null(SlotExtractor.Extract(text).Age);

    [Fact]
    public void Extract_SecondTime_IsNoClass()
    {
        Assert.Null(SlotExtractor.Extract("doosri baar beti hui hai").StudentClass);
        Assert.Equal(8, SlotExtractor.Extract("मेरा बेटा आठवीं में पढ़ता है").StudentClass);
    }

    [Fact]
    public void Extract_BareNumberWithoutQuestion_IsNoAge()
        => Assert.Null(SlotExtractor.Extract("45").Age);

    [Fact]
    public void Extract_BareNumberAfterAgeQuestion_IsAge()
        => Assert.Equal(45, SlotExtractor.Extract("45", expecting: "age").Age);

    [Theory]
    [InlineData("meri beti ke liye", "female")]
    [InlineData("मेरी माँ के लिए पेंशन", "female")]
    [InlineData("I am a housewife", "female")]
    [InlineData("mera beta padhta hai", "male")]
    [InlineData("my father is old", "male")]
    [InlineData("main silai ka kaam karti hu", "female")]
    [InlineData("main 30 saal ki hu SC hu", "female")]
    [InlineData("main kisan hu kaun si yojana mil sakti hai", null)] // "sakti" agrees with yojana
    [InlineData("मैं 45 साल का हूँ", "male")]
    [InlineData("main rickshaw chalata hu aur mahine ka 9000 kamata hu", "male")]
    public void Extract_GenderCue_ReadsGender(string text, string? gender)
        => Assert.Equal(gender, SlotExtractor.Extract(text).Gender);

    [Theory]
    [InlineData("pati aur patni dono")]
    [InlineData("my son and my daughter")]
    [InlineData("मेरे पति और मेरी बेटी")]
    public void Extract_MixedGenders_GivesNoGender(string text)
        => Assert.Null(SlotExtractor.Extract(text).Gender);

    [Theory]
    [InlineData("ujjwala me kaun le sakta hai")]
    [InlineData("matru vandana ka paisa mil sakta hai kya")]
    [InlineData("सुकन्या खाता कौन खोल सकता है")]
    public void Extract_VerbGenderWithoutFirstPerson_GivesNoGender(string text)
        => Assert.Null(SlotExtractor.Extract(text).Gender);

    [Theory]
    [InlineData("main vidhwa hu")]
    [InlineData("I am a widow")]
    [InlineData("मेरी माँ विधवा हैं")]
    public void Extract_Widow_IsWidowed(string text)
        => Assert.Equal("widowed", SlotExtractor.Extract(text).MaritalStatus);

    [Fact]
    public void Extract_IncomeLakhPerYear_IsAnnual()
    {
        var p = SlotExtractor.Extract("hamari aamdani 3 lakh saal ki hai");
        Assert.Equal(300_000, p.AnnualIncomeInr);
        Assert.Null(p.MonthlyIncomeInr);
        Assert.Equal(300_000, p.YearlyIncome);
    }

    [Fact]
    public void Extract_IncomePerMonth_IsMonthly()
    {
        var p = SlotExtractor.Extract("9000 mahina kamata hu");
        Assert.Equal(9000, p.MonthlyIncomeInr);
        Assert.Null(p.AnnualIncomeInr);
        Assert.Equal(108_000, p.YearlyIncome);
    }

    [Fact]
    public void Extract_EarnAboutPerMonthInEnglish_IsMonthly()
    {
        var p = SlotExtractor.Extract("I earn about 8000 a month");
        Assert.Equal(8000, p.MonthlyIncomeInr);
        Assert.Equal(96_000, p.YearlyIncome);
    }

    [Fact]
    public void Extract_NumberWithoutIncomeWords_IsNoIncome()
    {
        var p = SlotExtractor.Extract("pm kisan ki 20 kist aayi");
        Assert.Null(p.AnnualIncomeInr);
        Assert.Null(p.MonthlyIncomeInr);
    }

    [Theory]
    [InlineData("mere paas 4 hectare zameen hai", 4.0)]
    [InlineData("5 bigha zameen hai", 1.25)]
    [InlineData("I have 2 acre land", 0.81)]
    [InlineData("डेढ़ एकड़ खेत है", 0.61)]
    public void Extract_LandWithUnit_IsHectares(string text, double hectares)
    {
        var land = SlotExtractor.Extract(text).LandHectare;
        Assert.NotNull(land);
        Assert.Equal(hectares, land.Value, 0.01);
    }

    [Theory]
    [InlineData("main Rajasthan se hu", "Rajasthan")]
    [InlineData("हम यूपी में रहते हैं", "Uttar Pradesh")]
    [InlineData("we live in uttar pradesh", "Uttar Pradesh")]
    [InlineData("bihar ke gaon me", "Bihar")]
    public void Extract_StateNamed_ReadsState(string text, string state)
        => Assert.Equal(state, SlotExtractor.Extract(text).State);

    [Theory]
    [InlineData("what is stand up india")]
    [InlineData("how do I sign up for the pension")]
    [InlineData("uttar do mujhe")] // "uttar" alone is "answer"
    public void Extract_StateLookalikes_GiveNoState(string text)
        => Assert.Null(SlotExtractor.Extract(text).State);

    [Theory]
    [InlineData("hum gaon me rehte hai", "rural")]
    [InlineData("मैं गाँव में रहती हूँ", "rural")]
    [InlineData("I live in a town", "urban")]
    [InlineData("shahar me kiraye pe rehte hai", "urban")]
    public void Extract_PlaceWord_ReadsResidence(string text, string residence)
        => Assert.Equal(residence, SlotExtractor.Extract(text).Residence);

    [Theory]
    [InlineData("main tailor hu")]
    [InlineData("मैं दर्जी का काम करता हूँ")]
    [InlineData("I am a carpenter")]
    public void Extract_Craft_IsTraditionalArtisan(string text)
        => Assert.Contains("traditional_artisan", SlotExtractor.Extract(text).Occupations);

    [Fact]
    public void Extract_Farmer_IsFarmerNotArtisan()
    {
        var p = SlotExtractor.Extract("main kisan hu");
        Assert.Contains("farmer", p.Occupations);
        Assert.DoesNotContain("traditional_artisan", p.Occupations);
    }

    [Theory]
    [InlineData("hum SC hai", "SC")]
    [InlineData("हम अनुसूचित जाति से नहीं, आदिवासी हैं", "ST")]
    [InlineData("we are OBC", "OBC")]
    [InlineData("i am a 26 year old woman from scheduled caste", "SC")]
    [InlineData("हम अनुसूचित जनजाति से हैं", "ST")]
    public void Extract_Category_ReadsCaste(string text, string caste)
        => Assert.Equal(caste, SlotExtractor.Extract(text).Caste);

    [Theory]
    [InlineData("BPL card hai", true)]
    [InlineData("हमारे पास बीपीएल कार्ड है", true)]
    [InlineData("BPL card nahi hai", false)]
    [InlineData("we do not have a BPL card", false)]
    public void Extract_BplCard_ReadsBpl(string text, bool bpl)
        => Assert.Equal(bpl, SlotExtractor.Extract(text).Bpl);

    [Theory]
    [InlineData("bank khata nahi hai", false)]
    [InlineData("बैंक में खाता नहीं है", false)]
    [InlineData("bank me khata hai", true)]
    public void Extract_BankAccount_ReadsBankAccount(string text, bool has)
        => Assert.Equal(has, SlotExtractor.Extract(text).BankAccount);

    [Fact]
    public void Extract_DisabilityWithPercent_ReadsBoth()
    {
        var p = SlotExtractor.Extract("mera beta 80% viklang hai");
        Assert.True(p.Disabled);
        Assert.Equal(80, p.DisabilityPercent);
    }

    [Fact]
    public void Extract_DisabilityInWords_ReadsPercent()
    {
        var p = SlotExtractor.Extract("मेरा भाई 60 प्रतिशत विकलांग है");
        Assert.True(p.Disabled);
        Assert.Equal(60, p.DisabilityPercent);
    }

    [Theory]
    [InlineData("meri beti class 8 me padhti hai", 8)]
    [InlineData("he is in class 10", 10)]
    [InlineData("बेटा कक्षा 9 में है", 9)]
    public void Extract_SchoolClass_ReadsStudentAndClass(string text, int klass)
    {
        var p = SlotExtractor.Extract(text);
        Assert.Equal(klass, p.StudentClass);
        Assert.True(p.Student);
    }

    [Theory]
    [InlineData("मेरी बहू पेट से है")]
    [InlineData("meri patni pet se hai")]
    [InlineData("I am pregnant")]
    [InlineData("पत्नी गर्भवती है")]
    public void Extract_Pregnancy_IsPregnant(string text)
        => Assert.True(SlotExtractor.Extract(text).Pregnant);

    [Fact]
    public void Extract_NoFacts_IsEmptyProfile()
    {
        var p = SlotExtractor.Extract("ayushman card kya hai");
        Assert.Equal(0, p.FactCount);
        Assert.Equal(0, p.StrongFactCount);
    }

    [Fact]
    public void Extract_IgnoredPositions_SayNothingAboutThePerson()
    {
        // "vidhwa" at position 0 named the scheme ("vidhwa pension"): it is no fact about the caller.
        var p = SlotExtractor.Extract("vidhwa pension kya hai", ignore: new HashSet<int> { 0, 1 });
        Assert.Null(p.MaritalStatus);
        Assert.Equal("widowed", SlotExtractor.Extract("vidhwa pension kya hai").MaritalStatus);
    }

    [Fact]
    public void Merge_NewerFacts_OverrideAndKeepTheRest()
    {
        var first = SlotExtractor.Extract("meri umar 45 saal hai, BPL card hai");
        var second = SlotExtractor.Extract("main vidhwa hu, umar 46 saal");
        var merged = first.Merge(second);
        Assert.Equal(46, merged.Age);
        Assert.True(merged.Bpl);
        Assert.Equal("widowed", merged.MaritalStatus);
    }

    [Fact]
    public void Merge_MonthlyAfterAnnual_ReplacesTheIncome()
    {
        var merged = SlotExtractor.Extract("income 2 lakh saal").Merge(SlotExtractor.Extract("9000 mahina kamata hu"));
        Assert.Null(merged.AnnualIncomeInr);
        Assert.Equal(9000, merged.MonthlyIncomeInr);
    }
}
