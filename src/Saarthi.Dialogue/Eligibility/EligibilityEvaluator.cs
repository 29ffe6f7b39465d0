using System.Globalization;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;

namespace Saarthi.Dialogue.Eligibility;

/// <summary>
/// Checks a caller's facts against a scheme's structured rules. A rule with no stated restriction always passes;
/// a restriction on a fact the caller has not given leaves the scheme undecided (never guessed).
/// </summary>
public static class EligibilityEvaluator
{
    public static EligibilityResult Evaluate(Scheme scheme, CallerProfile p)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(p);
        var failed = new List<FailedRule>();
        var missing = new List<Fact>();
        int matched = 0;
        void Check(Fact fact, bool? ok, string required, string actual)
        {
            if (ok is null) { if (!missing.Contains(fact)) missing.Add(fact); }
            else if (ok.Value) matched++;
            else failed.Add(new FailedRule(fact, required, actual));
        }
        string S(object? o) => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "";

        // Schemes for expectant mothers say so in their summary; the structured rules only say "female".
        if (scheme.Summary.Get("en").Contains("pregnan", StringComparison.OrdinalIgnoreCase))
            Check(Fact.Pregnancy, p.Pregnant, "pregnant", S(p.Pregnant));

        if (scheme.Rules is not { } r) return Result(scheme.Id, failed, missing, matched);

        if (r.AgeMin is not null || r.AgeMax is not null)
        {
            string range = $"{r.AgeMin?.ToString(CultureInfo.InvariantCulture) ?? "0"}-{r.AgeMax?.ToString(CultureInfo.InvariantCulture) ?? "any"}";
            Check(Fact.Age, p.Age is { } age ? (r.AgeMin is null || age >= r.AgeMin) && (r.AgeMax is null || age <= r.AgeMax) : null, range, S(p.Age));
        }
        bool femaleOk = Restricts(r.Gender) && r.Gender.Contains("female");
        if (Restricts(r.Gender))
        {
            bool scOrSt = p.Caste is "SC" or "ST";
            bool? ok = p.Gender is null ? null : r.Gender.Contains(p.Gender) || (r.Gender.Contains("any_if_SC_ST") && scOrSt);
            if (ok is null && r.Gender.Contains("any_if_SC_ST") && scOrSt) ok = true;
            // A man may still be SC/ST: while the category is unknown it decides, and is what to ask (never guessed).
            if (ok == false && p.Caste is null && r.Gender.Contains("any_if_SC_ST")) Check(Fact.Caste, null, "SC/ST", "");
            else Check(Fact.Gender, ok, string.Join("/", r.Gender), S(p.Gender));
        }
        if (Restricts(r.CasteCategory))
        {
            bool? ok = p.Caste is null ? null : r.CasteCategory.Contains(p.Caste) || (r.CasteCategory.Contains("any_if_female") && p.Gender == "female");
            if (ok is null && r.CasteCategory.Contains("any_if_female") && p.Gender == "female") ok = true;
            if (!(femaleOk && r.CasteCategory.Contains("any_if_female") && ok is null)) Check(Fact.Caste, ok, string.Join("/", r.CasteCategory), S(p.Caste));
        }
        if (r.AnnualIncomeMaxInr is { } maxYear)
            Check(Fact.Income, p.YearlyIncome is { } y ? y <= maxYear : null, S(maxYear), S(p.YearlyIncome));
        if (r.MonthlyIncomeMaxInr is { } maxMonth)
            Check(Fact.Income, p.MonthlyIncome is { } m ? m <= maxMonth : null, S(maxMonth), S(p.MonthlyIncome));
        if (r.PoorOrBplRequired == true)
            Check(Fact.Bpl, p.Bpl, "bpl", S(p.Bpl));
        if (r.LandOwnership == "required")
            Check(Fact.Land, p.LandHectare is { } land ? land > 0 : null, "owns land", S(p.LandHectare));
        if (r.LandMaxHectare is { } maxLand)
            Check(Fact.Land, p.LandHectare is { } land ? land <= maxLand : null, S(maxLand), S(p.LandHectare));
        if (Restricts(r.Occupation))
            Check(Fact.Occupation, p.Occupations.Count == 0 ? null : r.Occupation.Any(p.Occupations.Contains), string.Join("/", r.Occupation), string.Join("/", p.Occupations));
        if (r.Residence.Count > 0 && !(r.Residence.Contains("rural") && r.Residence.Contains("urban")))
        {
            bool? ok = p.Residence is null ? null : r.Residence.Contains(p.Residence) || (p.Residence == "urban" && r.Residence.Contains("peri-urban"));
            Check(Fact.Residence, ok, string.Join("/", r.Residence), S(p.Residence));
        }
        if (Restricts(r.MaritalStatus))
            Check(Fact.MaritalStatus, p.MaritalStatus is null ? null : r.MaritalStatus.Contains(p.MaritalStatus), string.Join("/", r.MaritalStatus), S(p.MaritalStatus));
        if (r.DisabilityRequired == true)
        {
            Check(Fact.Disability, p.Disabled, "disabled", S(p.Disabled));
            if (r.DisabilityMinPercent is { } pct && p.DisabilityPercent is { } have)
                Check(Fact.Disability, have >= pct, S(pct), S(have));
        }
        if (r.Student == true)
            Check(Fact.Student, p.Student ?? (p.StudentClass is null ? null : true), "student", S(p.Student));
        if (Restricts(r.States, "ALL") && p.State is not null)
            Check(Fact.State, r.States.Contains(p.State, StringComparer.OrdinalIgnoreCase), string.Join("/", r.States), p.State);
        if (r.IncomeTaxPayerExcluded == true && p.IncomeTaxPayer == true)
            failed.Add(new FailedRule(Fact.IncomeTax, "not an income-tax payer", "pays income tax"));
        return Result(scheme.Id, failed, missing, matched);
    }

    private static bool Restricts(IReadOnlyList<string> values, string any = "any") => values.Count > 0 && !values.Contains(any);

    private static EligibilityResult Result(string id, List<FailedRule> failed, List<Fact> missing, int matched)
    {
        var verdict = failed.Count > 0 ? Verdict.NotEligible : missing.Count > 0 ? Verdict.Undecided : Verdict.Eligible;
        return new EligibilityResult(id, verdict, matched, failed, missing);
    }
}
