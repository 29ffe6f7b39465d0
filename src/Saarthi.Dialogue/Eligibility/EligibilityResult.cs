namespace Saarthi.Dialogue.Eligibility;

public enum Verdict
{
    Eligible,
    NotEligible,
    Undecided,
}

/// <summary>The fact a rule is about; also what a clarifying question asks for.</summary>
public enum Fact
{
    Age,
    Gender,
    Caste,
    Income,
    Bpl,
    Land,
    Occupation,
    Residence,
    MaritalStatus,
    Disability,
    Student,
    Pregnancy,
    State,
    IncomeTax,
}

/// <summary>One rule that failed: which fact, what the scheme needs and what the caller said (for the spoken reason).</summary>
public sealed record FailedRule(Fact Fact, string Required, string Actual);

public sealed record EligibilityResult(
    string SchemeId,
    Verdict Verdict,
    int MatchedRules,
    IReadOnlyList<FailedRule> Failed,
    IReadOnlyList<Fact> Missing)
{
    /// <summary>The one fact that would decide an otherwise-fitting scheme, worth a clarifying question.</summary>
    public Fact? DecidingFact => Verdict == Verdict.Undecided && Missing.Count == 1 ? Missing[0] : null;
}
