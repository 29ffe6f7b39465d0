namespace Saarthi.Knowledge.Model;

/// <summary>One welfare scheme as the snapshot describes it.</summary>
public sealed record Scheme(
    string Id,
    SchemeNames Names,
    string Level,
    string State,
    string Ministry,
    string Category,
    LocalizedText CategoryLabel,
    LocalizedText Summary,
    EligibilityRules? Rules,
    LocalizedList Criteria,
    LocalizedList Exclusions,
    IReadOnlyList<Benefit> Benefits,
    LocalizedList Documents,
    IReadOnlyList<string> ApplicationModes,
    LocalizedList ApplicationSteps,
    IReadOnlyList<Helpline> Helplines,
    string? OfficialUrl,
    string FactsAsOf,
    IReadOnlyList<SchemeSource> Sources,
    IReadOnlyList<string> Caveats)
{
    /// <summary>The highest amount in rupees any benefit states (used to rank "what can I get" answers).</summary>
    public long MaxAmountInr => Benefits.Count == 0 ? 0 : Benefits.Max(b => Math.Max(b.AmountInr ?? 0, b.AmountMaxInr ?? 0));
}

/// <param name="Full">Full official name per language.</param>
/// <param name="Aliases">What people call it, in any language or script.</param>
public sealed record SchemeNames(IReadOnlyDictionary<string, string> Full, IReadOnlyList<string> Aliases)
{
    public string Get(string language) => Localized.Pick(Full, language) ?? string.Empty;

    /// <summary>
    /// The short name: the bracketed acronym of the full name ("Pradhan Mantri Kisan Samman Nidhi (PM-KISAN)" → "PM-KISAN"),
    /// else the full name without its trailing qualifier.
    /// </summary>
    public string ShortName(string language)
    {
        var full = Get(language);
        int open = full.LastIndexOf('(');
        int close = full.LastIndexOf(')');
        if (open >= 0 && close > open + 1)
        {
            var inner = full[(open + 1)..close].Trim();
            // "(मुफ़्त राशन)" or "(Mid-Day Meal)" are explanations, not acronyms; keep those only when nothing better exists.
            if (inner.Length <= 24) return inner;
        }
        int dash = full.IndexOf(" – ", StringComparison.Ordinal);
        return dash > 0 ? full[..dash].Trim() : full.Trim();
    }
}

/// <summary>Machine-usable eligibility. A null field means "no restriction stated", never "unknown".</summary>
public sealed record EligibilityRules(
    int? AgeMin,
    int? AgeMax,
    IReadOnlyList<string> Gender,
    IReadOnlyList<string> CasteCategory,
    long? AnnualIncomeMaxInr,
    long? MonthlyIncomeMaxInr,
    bool? PoorOrBplRequired,
    string? LandOwnership,
    double? LandMaxHectare,
    IReadOnlyList<string> Occupation,
    IReadOnlyList<string> Residence,
    IReadOnlyList<string> MaritalStatus,
    bool? DisabilityRequired,
    int? DisabilityMinPercent,
    bool? Student,
    bool? BankAccountRequired,
    bool? IncomeTaxPayerExcluded,
    IReadOnlyList<string> States,
    string? Notes);

public sealed record Benefit(
    string Type,
    long? AmountInr,
    long? AmountMaxInr,
    string? Frequency,
    LocalizedText Text,
    string Confidence);

public sealed record Helpline(string Number, string Label, string? AsOf, string Confidence);

public sealed record SchemeSource(string Type, string Publisher, string? Url, string? Date, string? Supports);

/// <summary>A whole snapshot: the schemes a kiosk answers from.</summary>
public sealed record Snapshot(
    string SnapshotId,
    string SchemaVersion,
    string? CompiledOn,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Scheme> Schemes)
{
    public Scheme? Find(string id) => Schemes.FirstOrDefault(s => s.Id == id);
}
