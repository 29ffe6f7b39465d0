using System.Text.Json.Nodes;
using Saarthi.Knowledge.Import;

namespace Saarthi.Knowledge.Tests;

public class SnapshotParserTests
{
    private static SnapshotValidationException AssertRejected(string json, params string[] fragments)
    {
        var e = Assert.Throws<SnapshotValidationException>(() => SnapshotParser.Parse(json, "test-file.json"));
        Assert.StartsWith("test-file.json:", e.Message, StringComparison.Ordinal);
        Assert.NotEmpty(e.Problems);
        Assert.True(
            e.Problems.Any(p => fragments.All(f => p.Contains(f, StringComparison.Ordinal))),
            $"no problem mentions all of [{string.Join(", ", fragments)}]; problems: {string.Join(" | ", e.Problems)}");
        return e;
    }

    [Fact]
    public void Parse_Seed_Reads34SchemesInFileOrder()
    {
        var s = SnapshotParser.Parse(Seed.Json, "seed");

        Assert.Equal(Seed.SnapshotId, s.SnapshotId);
        Assert.Equal("1.0", s.SchemaVersion);
        Assert.Equal(["en", "hi"], s.Languages);
        Assert.Equal(Seed.SchemeCount, s.Schemes.Count);
        Assert.Equal("pm-kisan", s.Schemes[0].Id);
        Assert.Equal("pm-poshan", s.Schemes[^1].Id);
        Assert.Equal(Seed.SchemeCount, s.Schemes.Select(x => x.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(s.Schemes, x =>
        {
            Assert.False(string.IsNullOrWhiteSpace(x.Names.Get("en")));
            Assert.False(string.IsNullOrWhiteSpace(x.Names.Get("hi")));
            Assert.True(x.Summary.Has("en") && x.Summary.Has("hi"), x.Id);
            Assert.NotEmpty(x.Sources);
            Assert.Matches("^[0-9]{4}(-[0-9]{2}){0,2}$", x.FactsAsOf);
        });
    }

    [Fact]
    public void Parse_Seed_PmKisanBenefitIs6000AHighConfidence()
    {
        var kisan = SnapshotParser.Parse(Seed.Json).Find("pm-kisan")!;

        var benefit = Assert.Single(kisan.Benefits);
        Assert.Equal(6000, benefit.AmountInr);
        Assert.Null(benefit.AmountMaxInr);
        Assert.Equal("high", benefit.Confidence);
        Assert.Equal("cash_dbt", benefit.Type);
        Assert.Contains("6,000", benefit.Text.Get("en"), StringComparison.Ordinal);
        Assert.Contains("₹6,000", benefit.Text.Get("hi"), StringComparison.Ordinal);
        Assert.Equal(6000, kisan.MaxAmountInr);
        Assert.Equal(["155261", "1800-115-5266"], kisan.Helplines.Select(h => h.Number));
        Assert.Contains("Kisan Samman Nidhi", kisan.Names.Aliases);
        Assert.Equal("PM-KISAN", kisan.Names.ShortName("en"));
    }

    [Fact]
    public void Parse_Seed_StructuredRulesKeepNullApartFromValues()
    {
        var s = SnapshotParser.Parse(Seed.Json);

        var kisan = s.Find("pm-kisan")!.Rules!;
        Assert.Null(kisan.AgeMin);
        Assert.Null(kisan.AgeMax);
        Assert.Null(kisan.AnnualIncomeMaxInr);
        Assert.Null(kisan.PoorOrBplRequired);
        Assert.Null(kisan.LandMaxHectare);
        Assert.True(kisan.IncomeTaxPayerExcluded);
        Assert.Equal("required", kisan.LandOwnership);
        Assert.Equal(["farmer"], kisan.Occupation);
        Assert.Equal(["ALL"], kisan.States);

        var apy = s.Find("apy")!.Rules!;
        Assert.Equal(18, apy.AgeMin);
        Assert.Equal(40, apy.AgeMax);

        Assert.Equal(2.0, s.Find("pm-kmy")!.Rules!.LandMaxHectare);
        Assert.True(s.Find("ignoaps")!.Rules!.PoorOrBplRequired);
        Assert.Equal(60, s.Find("ignoaps")!.Rules!.AgeMin);
        Assert.Equal(900000, s.Find("pmay-u")!.Rules!.AnnualIncomeMaxInr);
        Assert.Equal(10, s.Find("ssy")!.Rules!.AgeMax);
        Assert.Null(s.Find("ssy")!.Rules!.AgeMin);

        var pmjay = s.Find("pmjay")!.Benefits[0];
        Assert.Null(pmjay.AmountInr);
        Assert.Equal(500000, pmjay.AmountMaxInr);
    }

    [Fact]
    public void Parse_StructuredNull_RulesAreNull()
    {
        var json = Seed.With(r => Seed.Scheme(r, "pm-kisan")["eligibility"]!["structured"] = null);

        var s = SnapshotParser.Parse(json);

        Assert.Null(s.Find("pm-kisan")!.Rules);
        Assert.NotNull(s.Find("pmjay")!.Rules);
        Assert.NotEmpty(s.Find("pm-kisan")!.Criteria.Get("en"));
    }

    [Fact]
    public void Parse_NotJson_RejectedWithLineNumber()
    {
        const string json = "{\n  \"snapshot_id\": \"x\",\n  \"schemes\": [\n    {\"id\": \"a\",, }\n  ]\n}";

        var e = AssertRejected(json, "not valid JSON", "line 4");
        Assert.Single(e.Problems);
    }

    [Fact]
    public void Parse_TruncatedSeed_RejectedAsNotJson()
        => AssertRejected(Seed.Json[..(Seed.Json.Length / 2)], "not valid JSON", "line ");

    [Fact]
    public void Parse_EmptyText_RejectedAsNotJson() => AssertRejected("", "not valid JSON");

    [Fact]
    public void Parse_TopLevelArray_Rejected() => AssertRejected("[]", "top level");

    [Fact]
    public void Parse_MissingSchemes_Rejected()
        => AssertRejected(Seed.With(r => r.Remove("schemes")), "'schemes'", "missing");

    [Fact]
    public void Parse_SchemesNotAList_Rejected()
        => AssertRejected(Seed.With(r => r["schemes"] = "pm-kisan"), "'schemes'", "not a list");

    [Fact]
    public void Parse_EmptySchemes_Rejected()
        => AssertRejected(Seed.With(r => { r["schemes"] = new JsonArray(); r.Remove("scheme_count"); }), "'schemes'", "empty");

    [Fact]
    public void Parse_SchemeMissingSummary_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pmuy").Remove("summary")), "scheme 'pmuy'", "'summary.en'", "missing");

    [Fact]
    public void Parse_SchemeMissingId_RejectedNamingPosition()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pmjay").Remove("id")), "scheme #2", "'id'", "missing");

    [Theory]
    [InlineData("PM-Kisan")]
    [InlineData("pm kisan")]
    [InlineData("pm_kisan")]
    [InlineData("-pm-kisan")]
    [InlineData("")]
    public void Parse_BadSchemeId_RejectedNamingSchemeAndField(string badId)
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pm-kisan")["id"] = badId), $"scheme '{badId}' (#1)", "'id'", "lowercase");

    [Fact]
    public void Parse_DuplicateId_RejectedNamingScheme()
    {
        var json = Seed.With(r => Seed.Scheme(r, "pmjay")["id"] = "pm-kisan");

        AssertRejected(json, "scheme 'pm-kisan' (#2)", "duplicate id");
    }

    [Fact]
    public void Parse_AgeMinNotANumber_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Structured(r, "apy")["age_min"] = "eighteen"),
            "scheme 'apy'", "'eligibility.structured.age_min'", "whole number");

    [Fact]
    public void Parse_AgeMinFractional_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Structured(r, "apy")["age_min"] = 18.5),
            "scheme 'apy'", "'eligibility.structured.age_min'", "whole number");

    [Fact]
    public void Parse_AgeMinAboveAgeMax_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => { Seed.Structured(r, "apy")["age_min"] = 45; Seed.Structured(r, "apy")["age_max"] = 40; }),
            "scheme 'apy'", "'eligibility.structured.age_min'", "45 is above age_max 40");

    [Fact]
    public void Parse_AgeOutOfRange_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Structured(r, "ignoaps")["age_min"] = 600),
            "scheme 'ignoaps'", "'eligibility.structured.age_min'", "outside");

    [Fact]
    public void Parse_NegativeAmount_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pm-kisan")["benefits"]!["items"]![0]!["amount_inr"] = -6000),
            "scheme 'pm-kisan'", "'benefits.items[0].amount_inr'", "-6000 is outside");

    [Fact]
    public void Parse_NegativeIncomeLimit_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Structured(r, "nmmss")["annual_income_max_inr"] = -1),
            "scheme 'nmmss'", "'eligibility.structured.annual_income_max_inr'", "outside");

    [Fact]
    public void Parse_AmountAboveMaximum_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "ssy")["benefits"]!["items"]![0]!["amount_inr"] = 200000),
            "scheme 'ssy'", "'benefits.items[0].amount_inr'", "above amount_max_inr");

    [Theory]
    [InlineData("sure")]
    [InlineData("HIGH")]
    [InlineData("")]
    public void Parse_WrongConfidenceWord_RejectedNamingSchemeAndField(string word)
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pmjay")["benefits"]!["items"]![1]!["confidence"] = word),
            "scheme 'pmjay'", "'benefits.items[1].confidence'", "must be high, medium or low");

    [Theory]
    [InlineData("last year")]
    [InlineData("24-05-2024")]
    [InlineData("२०२५")]
    [InlineData("25")]
    [InlineData("2024-13")]
    [InlineData("2024-02-30")]
    [InlineData("2024-00-10")]
    public void Parse_BadFactsAsOf_RejectedNamingSchemeAndField(string date)
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pmmvy")["facts_as_of"] = date),
            "scheme 'pmmvy'", "'facts_as_of'", "YYYY-MM-DD");

    [Theory]
    [InlineData("2025")]
    [InlineData("2024-05")]
    [InlineData("2024-02-29")]
    public void Parse_ValidFactsAsOf_Accepted(string date)
    {
        var s = SnapshotParser.Parse(Seed.With(r => Seed.Scheme(r, "pmmvy")["facts_as_of"] = date));

        Assert.Equal(date, s.Find("pmmvy")!.FactsAsOf);
    }

    [Fact]
    public void Parse_MissingFactsAsOf_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pmmvy").Remove("facts_as_of")), "scheme 'pmmvy'", "'facts_as_of'", "missing");

    [Theory]
    [InlineData("call the block office")]
    [InlineData("12")]
    [InlineData("1800-11-")]
    [InlineData("+91 98x 12345")]
    public void Parse_BadHelplineNumber_RejectedNamingSchemeAndField(string number)
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "pm-kisan")["helplines"]![1]!["number"] = number),
            "scheme 'pm-kisan'", "'helplines[1].number'", "not a phone number");

    [Fact]
    public void Parse_SchemeCountMismatch_RejectedNamingField()
        => AssertRejected(Seed.With(r => r["scheme_count"] = 35), "snapshot", "'scheme_count'", "says 35 but the file has 34");

    [Fact]
    public void Parse_EmptySources_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "onorc")["sources"] = new JsonArray()), "scheme 'onorc'", "'sources'", "at least one source");

    [Fact]
    public void Parse_MissingSources_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "onorc").Remove("sources")), "scheme 'onorc'", "'sources'", "at least one source");

    [Fact]
    public void Parse_MissingNames_RejectedNamingSchemeAndField()
        => AssertRejected(Seed.With(r => Seed.Scheme(r, "kcc").Remove("names")), "scheme 'kcc'", "'names'", "missing");

    [Fact]
    public void Parse_ProblemsInSeveralSchemes_AllReportedInOnePass()
    {
        var json = Seed.With(r =>
        {
            Seed.Scheme(r, "pmuy").Remove("summary");
            Seed.Structured(r, "apy")["age_min"] = "x";
            Seed.Scheme(r, "onorc")["sources"] = new JsonArray();
        });

        var e = Assert.Throws<SnapshotValidationException>(() => SnapshotParser.Parse(json, "f"));

        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'pmuy'", StringComparison.Ordinal) && p.Contains("summary", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'apy'", StringComparison.Ordinal) && p.Contains("age_min", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'onorc'", StringComparison.Ordinal) && p.Contains("sources", StringComparison.Ordinal));
        Assert.Contains("3 problem(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnsupportedSchemaVersion_Rejected()
        => AssertRejected(Seed.With(r => r["schema_version"] = "2.0"), "'schema_version'", "not supported");

    [Fact]
    public void ParseScheme_OneSeedRecord_ReadsIt()
    {
        var record = Seed.Scheme(Seed.Node(), "pmuy").ToJsonString();

        var s = SnapshotParser.ParseScheme(record);

        Assert.Equal("pmuy", s.Id);
        Assert.Equal(18, s.Rules!.AgeMin);
        Assert.Contains("Ujjwala", s.Names.Aliases);
    }
}
