namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// What the caller has told us about the person the question is about (themselves or a family member).
/// Null means "not said". Facts said earlier in the call stay until the caller says otherwise.
/// </summary>
public sealed record CallerProfile
{
    public int? Age { get; init; }
    public string? Gender { get; init; }              // female | male
    public string? MaritalStatus { get; init; }       // widowed | married | unmarried
    public long? AnnualIncomeInr { get; init; }
    public long? MonthlyIncomeInr { get; init; }
    public double? LandHectare { get; init; }
    public string? State { get; init; }
    public string? Residence { get; init; }           // rural | urban
    public IReadOnlySet<string> Occupations { get; init; } = new HashSet<string>();
    public string? Caste { get; init; }               // SC | ST | OBC | GEN
    public bool? Bpl { get; init; }
    public bool? RationCard { get; init; }
    public bool? Disabled { get; init; }
    public int? DisabilityPercent { get; init; }
    public bool? Student { get; init; }
    public int? StudentClass { get; init; }
    public int? MarksPercent { get; init; }
    public bool? Pregnant { get; init; }
    public bool? BankAccount { get; init; }
    public bool? IncomeTaxPayer { get; init; }
    public bool? GovernmentEmployee { get; init; }

    public static readonly CallerProfile Empty = new();

    /// <summary>How many facts about the person are known (used to tell a personal check from a general question).</summary>
    public int FactCount =>
        new object?[] { Age, Gender, MaritalStatus, AnnualIncomeInr ?? MonthlyIncomeInr, LandHectare, State, Residence, Caste, Bpl, RationCard,
            Disabled, Student, Pregnant, BankAccount, IncomeTaxPayer, GovernmentEmployee }.Count(x => x is not null) + (Occupations.Count > 0 ? 1 : 0);

    /// <summary>Facts that describe a person's situation (gender and place alone do not make a personal question).</summary>
    public int StrongFactCount =>
        new object?[] { Age, AnnualIncomeInr ?? MonthlyIncomeInr, LandHectare, Bpl, Disabled, Caste, MaritalStatus, State,
            Student ?? (StudentClass is null ? null : true), Pregnant }.Count(x => x is not null) + (Occupations.Count > 0 ? 1 : 0);

    /// <summary>Annual income, from whichever the caller said.</summary>
    public long? YearlyIncome => AnnualIncomeInr ?? MonthlyIncomeInr * 12;

    public long? MonthlyIncome => MonthlyIncomeInr ?? (AnnualIncomeInr is { } a ? a / 12 : null);

    /// <summary>This profile updated with whatever <paramref name="newer"/> says.</summary>
    public CallerProfile Merge(CallerProfile newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        return new CallerProfile
        {
            Age = newer.Age ?? Age,
            Gender = newer.Gender ?? Gender,
            MaritalStatus = newer.MaritalStatus ?? MaritalStatus,
            AnnualIncomeInr = newer.AnnualIncomeInr ?? (newer.MonthlyIncomeInr is null ? AnnualIncomeInr : null),
            MonthlyIncomeInr = newer.MonthlyIncomeInr ?? (newer.AnnualIncomeInr is null ? MonthlyIncomeInr : null),
            LandHectare = newer.LandHectare ?? LandHectare,
            State = newer.State ?? State,
            Residence = newer.Residence ?? Residence,
            Occupations = newer.Occupations.Count > 0 ? newer.Occupations : Occupations,
            Caste = newer.Caste ?? Caste,
            Bpl = newer.Bpl ?? Bpl,
            RationCard = newer.RationCard ?? RationCard,
            Disabled = newer.Disabled ?? Disabled,
            DisabilityPercent = newer.DisabilityPercent ?? DisabilityPercent,
            Student = newer.Student ?? Student,
            StudentClass = newer.StudentClass ?? StudentClass,
            MarksPercent = newer.MarksPercent ?? MarksPercent,
            Pregnant = newer.Pregnant ?? Pregnant,
            BankAccount = newer.BankAccount ?? BankAccount,
            IncomeTaxPayer = newer.IncomeTaxPayer ?? IncomeTaxPayer,
            GovernmentEmployee = newer.GovernmentEmployee ?? GovernmentEmployee,
        };
    }

    /// <summary>Non-null facts as name → value, for logs and JSON output.</summary>
    public IReadOnlyDictionary<string, object> ToDictionary()
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        void Put(string k, object? v) { if (v is not null) d[k] = v; }
        Put("age", Age); Put("gender", Gender); Put("marital_status", MaritalStatus); Put("annual_income_inr", AnnualIncomeInr);
        Put("monthly_income_inr", MonthlyIncomeInr); Put("land_hectare", LandHectare); Put("state", State); Put("residence", Residence);
        if (Occupations.Count > 0) d["occupation"] = Occupations.Order(StringComparer.Ordinal).ToArray();
        Put("caste", Caste); Put("bpl", Bpl); Put("ration_card", RationCard); Put("disabled", Disabled); Put("disability_percent", DisabilityPercent);
        Put("student", Student); Put("student_class", StudentClass); Put("marks_percent", MarksPercent); Put("pregnant", Pregnant);
        Put("bank_account", BankAccount); Put("income_tax_payer", IncomeTaxPayer); Put("government_employee", GovernmentEmployee);
        return d;
    }
}
