using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saarthi.Knowledge.Model;

namespace Saarthi.Knowledge.Import;

/// <summary>
/// Reads a snapshot in the seed format and validates it field by field. Every problem is collected with the
/// scheme and field it concerns, so NGO staff can fix a file in one pass; nothing is half-accepted.
/// </summary>
public static partial class SnapshotParser
{
    public const int MaxSchemes = 5000;
    private const long MaxAmount = 100_000_000_000; // ₹10,000 crore: anything above is a typo.
    private static readonly HashSet<string> Confidences = ["high", "medium", "low"];

    /// <summary>Parses and validates; throws <see cref="SnapshotValidationException"/> listing every problem.</summary>
    public static Snapshot Parse(string json, string sourceName = "snapshot")
    {
        ArgumentNullException.ThrowIfNull(json);
        json = json.TrimStart('\uFEFF'); // a byte-order mark from Windows editors is not an error
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new SnapshotValidationException(sourceName, [$"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstLine(e.Message)}"]);
        }
        using (doc)
        {
            var problems = new List<string>();
            var snapshot = Read(doc.RootElement, problems);
            if (problems.Count > 0 || snapshot is null) throw new SnapshotValidationException(sourceName, problems);
            return snapshot;
        }
    }

    /// <summary>Parses one scheme object (as stored per row in the database).</summary>
    public static Scheme ParseScheme(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var problems = new List<string>();
        var scheme = ReadScheme(doc.RootElement, 0, problems);
        if (scheme is null || problems.Count > 0) throw new SnapshotValidationException("stored scheme", problems);
        return scheme;
    }

    private static Snapshot? Read(JsonElement root, List<string> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("the top level must be a JSON object with 'snapshot_id' and 'schemes'");
            return null;
        }
        var ctx = new Ctx("snapshot", problems);
        string id = ctx.RequiredString(root, "snapshot_id") ?? "";
        if (id.Length > 0 && !IdPattern().IsMatch(id)) ctx.Fail("snapshot_id", $"'{Clip(id)}' must be letters, digits, '.', '_' or '-' (at most 100)");
        string schemaVersion = ctx.OptionalString(root, "schema_version") ?? "1.0";
        if (!schemaVersion.StartsWith("1.", StringComparison.Ordinal)) ctx.Fail("schema_version", $"'{Clip(schemaVersion)}' is not supported (this kiosk reads 1.x)");
        string? compiledOn = ctx.OptionalString(root, "compiled_on");
        var languages = ctx.StringList(root, "languages", required: false);

        if (!root.TryGetProperty("schemes", out var schemesEl) || schemesEl.ValueKind != JsonValueKind.Array)
        {
            ctx.Fail("schemes", "is missing or not a list");
            return null;
        }
        int n = schemesEl.GetArrayLength();
        if (n == 0) ctx.Fail("schemes", "is empty: a kiosk needs at least one scheme");
        if (n > MaxSchemes) { ctx.Fail("schemes", $"has {n} entries, more than the limit of {MaxSchemes}"); return null; }

        var schemes = new List<Scheme>(n);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var el in schemesEl.EnumerateArray())
        {
            index++;
            var s = ReadScheme(el, index, problems);
            if (s is null) continue;
            if (!seen.Add(s.Id)) problems.Add($"scheme '{s.Id}' (#{index}): duplicate id");
            schemes.Add(s);
        }
        if (root.TryGetProperty("scheme_count", out var countEl) && countEl.ValueKind == JsonValueKind.Number &&
            countEl.TryGetInt32(out int declared) && declared != n)
        {
            ctx.Fail("scheme_count", $"says {declared} but the file has {n} schemes");
        }
        return new Snapshot(id, schemaVersion, compiledOn, languages, schemes);
    }

    private static Scheme? ReadScheme(JsonElement el, int index, List<string> problems)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"scheme #{index}: is not an object");
            return null;
        }
        string? rawId = el.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
        var ctx = new Ctx(rawId is null ? $"scheme #{index}" : $"scheme '{Clip(rawId)}' (#{index})", problems);
        if (rawId is null) ctx.Fail("id", "is missing");
        else if (!SchemeIdPattern().IsMatch(rawId)) ctx.Fail("id", "must be lowercase letters, digits and '-' (like 'pm-kisan')");

        var names = ReadNames(el, ctx);
        var summary = ctx.Text(el, "summary", required: true);
        string category = ctx.RequiredString(el, "category") ?? "";
        var categoryLabel = ctx.Text(el, "category_label", required: false);
        var rules = ReadRules(el, ctx);
        var criteria = el.TryGetProperty("eligibility", out var elig) && elig.ValueKind == JsonValueKind.Object
            ? ctx.List(elig, "criteria", "eligibility.criteria", required: false)
            : LocalizedList.Empty;
        var exclusions = ctx.List(el, "exclusions", "exclusions", required: false);
        var benefits = ReadBenefits(el, ctx);
        var documents = ctx.List(el, "documents", "documents", required: false);
        IReadOnlyList<string> modes = [];
        var steps = LocalizedList.Empty;
        if (el.TryGetProperty("application_process", out var ap) && ap.ValueKind == JsonValueKind.Object)
        {
            modes = ctx.StringList(ap, "modes", required: false, path: "application_process.modes");
            steps = ctx.List(ap, "steps", "application_process.steps", required: false);
        }
        var helplines = ReadHelplines(el, ctx);
        string factsAsOf = ctx.RequiredString(el, "facts_as_of") ?? "";
        if (factsAsOf.Length > 0 && !IsFactsDate(factsAsOf)) ctx.Fail("facts_as_of", $"'{Clip(factsAsOf)}' must be a real date written YYYY, YYYY-MM or YYYY-MM-DD");
        var sources = ReadSources(el, ctx);
        if (sources.Count == 0) ctx.Fail("sources", "must name at least one source for the facts");

        if (ctx.Failed || rawId is null) return null;
        return new Scheme(
            rawId, names,
            ctx.OptionalString(el, "level") ?? "central",
            ctx.OptionalString(el, "state") ?? "ALL",
            ctx.OptionalString(el, "ministry") ?? "",
            category, categoryLabel, summary, rules, criteria, exclusions, benefits, documents, modes, steps, helplines,
            ctx.OptionalString(el, "official_url"), factsAsOf, sources,
            ctx.StringList(el, "caveats", required: false));
    }

    private static SchemeNames ReadNames(JsonElement el, Ctx ctx)
    {
        if (!el.TryGetProperty("names", out var n) || n.ValueKind != JsonValueKind.Object)
        {
            ctx.Fail("names", "is missing");
            return new SchemeNames(new Dictionary<string, string>(), []);
        }
        var full = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in n.EnumerateObject())
        {
            if (p.Name == "aliases") continue;
            if (!LanguagePattern().IsMatch(p.Name)) { ctx.Fail($"names.{p.Name}", "is not a language code"); continue; }
            if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString())) ctx.Fail($"names.{p.Name}", "must be non-empty text");
            else full[p.Name] = p.Value.GetString()!.Trim();
        }
        if (!full.ContainsKey("en") && !full.ContainsKey("hi")) ctx.Fail("names", "needs at least an 'en' or 'hi' name");
        var aliases = ctx.StringList(n, "aliases", required: false, path: "names.aliases");
        return new SchemeNames(full, aliases);
    }

    private static EligibilityRules? ReadRules(JsonElement el, Ctx ctx)
    {
        if (!el.TryGetProperty("eligibility", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            ctx.Fail("eligibility", "is missing");
            return null;
        }
        if (!e.TryGetProperty("structured", out var s) || s.ValueKind == JsonValueKind.Null) return null;
        if (s.ValueKind != JsonValueKind.Object) { ctx.Fail("eligibility.structured", "must be an object or null"); return null; }
        const string p = "eligibility.structured.";
        int? ageMin = ctx.OptionalInt(s, "age_min", p, 0, 120);
        int? ageMax = ctx.OptionalInt(s, "age_max", p, 0, 120);
        if (ageMin > ageMax) ctx.Fail(p + "age_min", $"{ageMin} is above age_max {ageMax}");
        double? landMax = ctx.OptionalDouble(s, "land_max_hectare", p, 0, 100_000);
        string? landOwnership = ctx.OptionalString(s, "land_ownership");
        return new EligibilityRules(
            ageMin, ageMax,
            ctx.StringList(s, "gender", false, p + "gender"),
            ctx.StringList(s, "caste_category", false, p + "caste_category"),
            ctx.OptionalLong(s, "annual_income_max_inr", p, 0, MaxAmount),
            ctx.OptionalLong(s, "monthly_income_max_inr", p, 0, MaxAmount),
            ctx.OptionalBool(s, "poor_or_bpl_household_required", p),
            landOwnership,
            landMax,
            ctx.StringList(s, "occupation", false, p + "occupation"),
            ctx.StringList(s, "residence", false, p + "residence"),
            ctx.StringList(s, "marital_status", false, p + "marital_status"),
            ctx.OptionalBool(s, "disability_required", p),
            ctx.OptionalInt(s, "disability_min_percent", p, 0, 100),
            ctx.OptionalBool(s, "student", p),
            ctx.OptionalBool(s, "bank_account_required", p),
            ctx.OptionalBool(s, "income_tax_payer_excluded", p),
            ctx.StringList(s, "state", false, p + "state"),
            ctx.OptionalString(s, "notes"));
    }

    private static List<Benefit> ReadBenefits(JsonElement el, Ctx ctx)
    {
        var list = new List<Benefit>();
        if (!el.TryGetProperty("benefits", out var b) || b.ValueKind != JsonValueKind.Object ||
            !b.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            ctx.Fail("benefits.items", "is missing or not a list");
            return list;
        }
        int i = 0;
        foreach (var item in items.EnumerateArray())
        {
            string p = $"benefits.items[{i++}].";
            if (item.ValueKind != JsonValueKind.Object) { ctx.Fail(p.TrimEnd('.'), "is not an object"); continue; }
            var text = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in item.EnumerateObject())
            {
                if (LanguagePattern().IsMatch(prop.Name) && prop.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(prop.Value.GetString()))
                    text[prop.Name] = prop.Value.GetString()!.Trim();
            }
            if (text.Count == 0) ctx.Fail(p + "en", "a benefit needs its text in at least one language");
            long? amount = ctx.OptionalLong(item, "amount_inr", p, 0, MaxAmount);
            long? amountMax = ctx.OptionalLong(item, "amount_max_inr", p, 0, MaxAmount);
            if (amount > amountMax) ctx.Fail(p + "amount_inr", $"{amount} is above amount_max_inr {amountMax}");
            string confidence = ctx.OptionalString(item, "confidence") ?? "medium";
            if (!Confidences.Contains(confidence)) ctx.Fail(p + "confidence", $"'{Clip(confidence)}' must be high, medium or low");
            list.Add(new Benefit(ctx.OptionalString(item, "type") ?? "other", amount, amountMax, ctx.OptionalString(item, "frequency"),
                new LocalizedText(text), confidence));
        }
        return list;
    }

    private static List<Helpline> ReadHelplines(JsonElement el, Ctx ctx)
    {
        var list = new List<Helpline>();
        if (!el.TryGetProperty("helplines", out var h) || h.ValueKind == JsonValueKind.Null) return list;
        if (h.ValueKind != JsonValueKind.Array) { ctx.Fail("helplines", "must be a list"); return list; }
        int i = 0;
        foreach (var item in h.EnumerateArray())
        {
            string p = $"helplines[{i++}].";
            string? number = item.ValueKind == JsonValueKind.Object ? ctx.RequiredString(item, "number", p + "number") : null;
            if (number is null) continue;
            if (!PhonePattern().IsMatch(number)) { ctx.Fail(p + "number", $"'{Clip(number)}' is not a phone number"); continue; }
            string confidence = ctx.OptionalString(item, "confidence") ?? "medium";
            list.Add(new Helpline(number, ctx.OptionalString(item, "label") ?? "", ctx.OptionalString(item, "as_of"), confidence));
        }
        return list;
    }

    private static List<SchemeSource> ReadSources(JsonElement el, Ctx ctx)
    {
        var list = new List<SchemeSource>();
        if (!el.TryGetProperty("sources", out var s) || s.ValueKind != JsonValueKind.Array) return list;
        foreach (var item in s.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            list.Add(new SchemeSource(
                ctx.OptionalString(item, "type") ?? "", ctx.OptionalString(item, "publisher") ?? "",
                ctx.OptionalString(item, "url"), ctx.OptionalString(item, "date") ?? ctx.OptionalString(item, "captured"),
                ctx.OptionalString(item, "supports")));
        }
        return list;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static string FirstLine(string s) => s.Split('\n')[0];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SchemeIdPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
    private static partial Regex LanguagePattern();

    // The seed dates some records by year alone ("2025"); month and day, when given, must exist.
    private static bool IsFactsDate(string s)
        => FactsDate().IsMatch(s) &&
           DateOnly.TryParseExact(s, ["yyyy", "yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    private static partial Regex FactsDate();

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{2,18}[0-9]$")]
    private static partial Regex PhonePattern();

    /// <summary>Collects problems for one scheme (or the snapshot header), prefixing each with where it is.</summary>
    private sealed class Ctx(string where, List<string> problems)
    {
        public bool Failed { get; private set; }

        public void Fail(string field, string message)
        {
            Failed = true;
            problems.Add($"{where}: '{field}' {message}");
        }

        public string? RequiredString(JsonElement obj, string name, string? path = null)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) { Fail(path ?? name, "is missing"); return null; }
            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) { Fail(path ?? name, "must be non-empty text"); return null; }
            return v.GetString()!.Trim();
        }

        public string? OptionalString(JsonElement obj, string name)
            => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public int? OptionalInt(JsonElement obj, string name, string prefix, int min, int max)
        {
            var l = OptionalLong(obj, name, prefix, min, max);
            return l is null ? null : (int)l.Value;
        }

        public long? OptionalLong(JsonElement obj, string name, string prefix, long min, long max)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || d != Math.Floor(d))
            {
                Fail(prefix + name, $"must be a whole number, not {Clip(v.GetRawText())}");
                return null;
            }
            if (d < min || d > max) { Fail(prefix + name, $"{d.ToString(CultureInfo.InvariantCulture)} is outside {min}…{max}"); return null; }
            return (long)d;
        }

        public double? OptionalDouble(JsonElement obj, string name, string prefix, double min, double max)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number) { Fail(prefix + name, $"must be a number, not {Clip(v.GetRawText())}"); return null; }
            double d = v.GetDouble();
            if (d < min || d > max) { Fail(prefix + name, $"{d.ToString(CultureInfo.InvariantCulture)} is outside {min}…{max}"); return null; }
            return d;
        }

        public bool? OptionalBool(JsonElement obj, string name, string prefix)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
            Fail(prefix + name, $"must be true, false or null, not {Clip(v.GetRawText())}");
            return null;
        }

        public IReadOnlyList<string> StringList(JsonElement obj, string name, bool required, string? path = null)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required) Fail(path ?? name, "is missing");
                return [];
            }
            if (v.ValueKind != JsonValueKind.Array) { Fail(path ?? name, "must be a list of texts"); return []; }
            var list = new List<string>();
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString())) list.Add(item.GetString()!.Trim());
                else { Fail(path ?? name, "must contain only non-empty texts"); break; }
            }
            return list;
        }

        public LocalizedText Text(JsonElement obj, string name, bool required)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required) Fail(name + ".en", "is missing");
                return LocalizedText.Empty;
            }
            if (v.ValueKind != JsonValueKind.Object) { Fail(name, "must map language codes to text"); return LocalizedText.Empty; }
            var dict = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in v.EnumerateObject())
            {
                if (!LanguagePattern().IsMatch(p.Name)) { Fail($"{name}.{p.Name}", "is not a language code"); continue; }
                if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString())) { Fail($"{name}.{p.Name}", "must be non-empty text"); continue; }
                dict[p.Name] = p.Value.GetString()!.Trim();
            }
            if (required && dict.Count == 0) Fail(name + ".en", "is missing");
            return new LocalizedText(dict);
        }

        public LocalizedList List(JsonElement obj, string name, string path, bool required)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required) Fail(path, "is missing");
                return LocalizedList.Empty;
            }
            if (v.ValueKind != JsonValueKind.Object) { Fail(path, "must map language codes to lists of text"); return LocalizedList.Empty; }
            var dict = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var p in v.EnumerateObject())
            {
                if (!LanguagePattern().IsMatch(p.Name)) { Fail($"{path}.{p.Name}", "is not a language code"); continue; }
                dict[p.Name] = StringList(v, p.Name, required: true, path: $"{path}.{p.Name}");
            }
            return new LocalizedList(dict);
        }
    }
}
