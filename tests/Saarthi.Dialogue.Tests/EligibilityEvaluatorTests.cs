using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;

namespace Saarthi.Dialogue.Tests;

/// <summary>The structured rules of real seed schemes against caller profiles.</summary>
public sealed class EligibilityEvaluatorTests(KnowledgeFixture kb)
{
    private Scheme S(string id) => kb.Knowledge.Find(id) ?? throw new InvalidOperationException($"seed has no {id}");

    private static CallerProfile Farmer(int age, double hectares) =>
        new() { Age = age, LandHectare = hectares, Occupations = new HashSet<string> { "farmer" } };

    [Fact]
    public void Evaluate_PmKmyWithFourHectares_NotEligibleForLand()
    {
        var r = EligibilityEvaluator.Evaluate(S("pm-kmy"), Farmer(38, 4));
        Assert.Equal(Verdict.NotEligible, r.Verdict);
        var land = Assert.Single(r.Failed);
        Assert.Equal(Fact.Land, land.Fact);
        Assert.Null(r.DecidingFact);
    }

    [Fact]
    public void Evaluate_PmKmySmallFarmerOfThirty_Eligible()
    {
        var r = EligibilityEvaluator.Evaluate(S("pm-kmy"), Farmer(30, 1.5));
        Assert.Equal(Verdict.Eligible, r.Verdict);
        Assert.Empty(r.Failed);
        Assert.Empty(r.Missing);
        Assert.True(r.MatchedRules >= 3, $"matched {r.MatchedRules}");
    }

    [Fact]
    public void Evaluate_PmKmyExtractedFromSpeech_SameVerdictAsTyped()
    {
        var said = SlotExtractor.Extract("main kisan hu, umar 30 saal, 6 bigha zameen hai");
        Assert.Equal(Verdict.Eligible, EligibilityEvaluator.Evaluate(S("pm-kmy"), said).Verdict);
        var big = SlotExtractor.Extract("main kisan hu, umar 30 saal, 10 acre zameen hai");
        Assert.Equal(Verdict.NotEligible, EligibilityEvaluator.Evaluate(S("pm-kmy"), big).Verdict);
    }

    [Theory]
    [InlineData(17, Verdict.NotEligible)]
    [InlineData(18, Verdict.Eligible)]
    [InlineData(40, Verdict.Eligible)]
    [InlineData(41, Verdict.NotEligible)]
    public void Evaluate_PmKmyAgeBounds_InclusiveAt18And40(int age, Verdict expected)
    {
        var r = EligibilityEvaluator.Evaluate(S("pm-kmy"), Farmer(age, 1));
        Assert.Equal(expected, r.Verdict);
        if (expected == Verdict.NotEligible) Assert.Equal(Fact.Age, Assert.Single(r.Failed).Fact);
    }

    [Fact]
    public void Evaluate_PmKmyNothingKnown_UndecidedNeverGuessed()
    {
        var r = EligibilityEvaluator.Evaluate(S("pm-kmy"), CallerProfile.Empty);
        Assert.Equal(Verdict.Undecided, r.Verdict);
        Assert.Contains(Fact.Age, r.Missing);
        Assert.Contains(Fact.Land, r.Missing);
        Assert.Empty(r.Failed);
    }

    private static CallerProfile Widow(int age, bool? bpl) =>
        new() { Age = age, Gender = "female", MaritalStatus = "widowed", Bpl = bpl };

    [Fact]
    public void Evaluate_WidowPensionBplWidowOf45_Eligible()
    {
        var r = EligibilityEvaluator.Evaluate(S("ignwps"), Widow(45, bpl: true));
        Assert.Equal(Verdict.Eligible, r.Verdict);
    }

    [Fact]
    public void Evaluate_WidowPensionBplUnknown_UndecidedOnBpl()
    {
        var r = EligibilityEvaluator.Evaluate(S("ignwps"), Widow(45, bpl: null));
        Assert.Equal(Verdict.Undecided, r.Verdict);
        Assert.Equal(Fact.Bpl, r.DecidingFact);
    }

    [Fact]
    public void Evaluate_WidowPensionNotBpl_NotEligible()
        => Assert.Equal(Verdict.NotEligible, EligibilityEvaluator.Evaluate(S("ignwps"), Widow(45, bpl: false)).Verdict);

    [Theory]
    [InlineData(39, Verdict.NotEligible)]
    [InlineData(40, Verdict.Eligible)]
    [InlineData(79, Verdict.Eligible)]
    [InlineData(80, Verdict.NotEligible)]
    public void Evaluate_WidowPensionAgeBounds_40To79(int age, Verdict expected)
        => Assert.Equal(expected, EligibilityEvaluator.Evaluate(S("ignwps"), Widow(age, bpl: true)).Verdict);

    [Fact]
    public void Evaluate_WidowPensionForMarriedWoman_NotEligibleOnMaritalStatus()
    {
        var r = EligibilityEvaluator.Evaluate(S("ignwps"), Widow(45, true) with { MaritalStatus = "married" });
        Assert.Equal(Verdict.NotEligible, r.Verdict);
        Assert.Contains(r.Failed, f => f.Fact == Fact.MaritalStatus);
    }

    // Stand-Up India: women of any category, men only when SC/ST (gender ["female", "any_if_SC_ST"]).

    [Fact]
    public void Evaluate_StandUpIndiaScMan_Eligible()
    {
        var r = EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 30, Gender = "male", Caste = "SC" });
        Assert.Equal(Verdict.Eligible, r.Verdict);
    }

    [Fact]
    public void Evaluate_StandUpIndiaStCasteOnly_GenderRuleSatisfied()
    {
        var r = EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 30, Caste = "ST" });
        Assert.Equal(Verdict.Eligible, r.Verdict);
    }

    [Fact]
    public void Evaluate_StandUpIndiaGeneralMan_NotEligibleOnGender()
    {
        var r = EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 30, Gender = "male", Caste = "GEN" });
        Assert.Equal(Verdict.NotEligible, r.Verdict);
        Assert.Contains(r.Failed, f => f.Fact == Fact.Gender);
    }

    [Fact]
    public void Evaluate_StandUpIndiaWomanOfAnyCategory_Eligible()
    {
        Assert.Equal(Verdict.Eligible, EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 27, Gender = "female", Caste = "GEN" }).Verdict);
        Assert.Equal(Verdict.Eligible, EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 27, Gender = "female" }).Verdict);
    }

    [Fact]
    public void Evaluate_StandUpIndiaManOfUnknownCategory_UndecidedOnCaste()
    {
        // Never guessed: a man may be SC/ST, so the category decides, and is what the kiosk should ask.
        var r = EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 30, Gender = "male" });
        Assert.Equal(Verdict.Undecided, r.Verdict);
        Assert.Equal(Fact.Caste, r.DecidingFact);
    }

    [Fact]
    public void Evaluate_StandUpIndiaMinor_NotEligibleOnAge()
    {
        var r = EligibilityEvaluator.Evaluate(S("stand-up-india"), new CallerProfile { Age = 17, Gender = "female" });
        Assert.Equal(Verdict.NotEligible, r.Verdict);
        Assert.Equal(Fact.Age, Assert.Single(r.Failed).Fact);
    }

    [Fact]
    public void Evaluate_PmKisanIncomeTaxPayer_NotEligible()
    {
        var p = Farmer(50, 1) with { IncomeTaxPayer = true };
        var r = EligibilityEvaluator.Evaluate(S("pm-kisan"), p);
        Assert.Equal(Verdict.NotEligible, r.Verdict);
        Assert.Contains(r.Failed, f => f.Fact == Fact.IncomeTax);
    }

    [Fact]
    public void Evaluate_MaternitySchemeWithoutPregnancy_UndecidedOnPregnancy()
    {
        var r = EligibilityEvaluator.Evaluate(S("pmmvy"), new CallerProfile { Age = 24, Gender = "female" });
        Assert.Equal(Verdict.Undecided, r.Verdict);
        Assert.Equal(Fact.Pregnancy, r.DecidingFact);
        Assert.Equal(Verdict.Eligible, EligibilityEvaluator.Evaluate(S("pmmvy"), new CallerProfile { Age = 24, Gender = "female", Pregnant = true }).Verdict);
    }

    [Fact]
    public void Evaluate_EverySeedSchemeWithEmptyProfile_NeverNotEligible()
    {
        // Nothing said means nothing can fail: a scheme is only refused on a fact the caller gave.
        foreach (var s in kb.Knowledge.Snapshot.Schemes)
        {
            var r = EligibilityEvaluator.Evaluate(s, CallerProfile.Empty);
            Assert.True(r.Verdict != Verdict.NotEligible, $"{s.Id} refused with no facts: {string.Join(",", r.Failed)}");
            Assert.Equal(s.Id, r.SchemeId);
        }
        Assert.Equal(Seed.SchemeCount, kb.Knowledge.Snapshot.Schemes.Count);
    }
}
