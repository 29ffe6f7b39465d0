using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;
using U = Saarthi.Dialogue.Understanding.Understanding;

namespace Saarthi.Dialogue.Llm;

/// <summary>When and how the model is asked to read a question.</summary>
public sealed record LlmUnderstandingOptions
{
    /// <summary>Ask the model at all (on by default whenever a model is configured).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Below this rule confidence the model is asked, and its reading wins; at or above it the rules win.</summary>
    public double ConfidenceThreshold { get; init; } = 0.6;

    /// <summary>A personal question this long (in words), or with this many facts, is "complex": the model is asked for slots.</summary>
    public int ComplexQuestionWords { get; init; } = 18;

    public int ComplexQuestionFacts { get; init; } = 3;

    /// <summary>The model's reading is short JSON; this bounds it (the grammar's longest output is ~260 characters).</summary>
    public int MaxTokens { get; init; } = 160;

    /// <summary>Wall-clock budget for the whole reading, prompt included. A late reading is dropped: the rules answer.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The confidence given to a turn whose intent came from the model.</summary>
    public double ModelConfidence { get; init; } = 0.6;
}

/// <summary>What the model read from a question: one of the 13 intents, a snapshot scheme or none, typed slots.</summary>
public sealed record LlmReading(Intent Intent, string? SchemeId, IReadOnlyDictionary<string, object> Slots, string Json);

/// <summary>How one turn was understood, for <c>ask --json</c> and logs.</summary>
/// <param name="Source">"rules", "model" or "rules+model" (the rules' intent, the model's extra facts).</param>
/// <param name="Consulted">Whether the model was asked.</param>
/// <param name="Reason">Why it was asked (or why not).</param>
/// <param name="Reading">The model's JSON, when it answered.</param>
/// <param name="Decision">What was taken from it, and what was refused (ungrounded slots).</param>
/// <param name="Elapsed">Time spent asking.</param>
public sealed record LlmUnderstandingReport(string Source, bool Consulted, string Reason, string? Reading, string? Decision, TimeSpan Elapsed)
{
    public static LlmUnderstandingReport RulesOnly(string reason) => new("rules", false, reason, null, null, TimeSpan.Zero);
}

/// <summary>
/// Grammar-constrained understanding: when the rules are unsure (low confidence, no scheme for a question that needs
/// one, or a complex personal question), the model is asked for a JSON reading constrained by
/// <see cref="UnderstandingGrammar"/> — never free text — which is parsed and merged with the rules' result. Rules win
/// when confident; the model's slots are taken only where the rules found nothing and the caller's own words support
/// them (numbers must be said, categories must have a cue word), so a model cannot invent a fact about a caller.
/// </summary>
public sealed class LlmUnderstander
{
    private readonly ILanguageModel model;
    private readonly Snapshot snapshot;
    private readonly LlmUnderstandingOptions options;
    private readonly string grammar;
    private readonly string systemPrompt;

    public LlmUnderstander(ILanguageModel model, Snapshot snapshot, LlmUnderstandingOptions? options = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        this.options = options ?? new LlmUnderstandingOptions();
        grammar = UnderstandingGrammar.Build(snapshot);
        systemPrompt = SystemPrompt(snapshot);
    }

    /// <summary>The GBNF grammar used (for tests and logs).</summary>
    public string Grammar => grammar;

    public LlmUnderstandingOptions Options => options;

    /// <summary>Why the model should read this turn, or null when the rules are enough.</summary>
    public string? ConsultReason(U rules, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(state);
        if (!options.Enabled || rules.Problem is InputProblem.Empty or InputProblem.Unintelligible)
        {
            return null;
        }

        // A bare answer to the kiosk's own question continues that question (DialogueEngine): nothing to read.
        if (state.Pending is not null && rules.Facts.FactCount > 0 && rules.SchemeIds.Count == 0)
        {
            return null;
        }

        if (rules.Confidence < options.ConfidenceThreshold)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rule confidence {rules.Confidence:0.00} is below {options.ConfidenceThreshold:0.00}");
        }

        if (rules.Intent.NeedsScheme() && rules.SchemeIds.Count == 0)
        {
            return $"no scheme found for a {rules.Intent.Label()} question";
        }

        if (rules.Intent == Intent.EligibilityCheckPersonal &&
            (TextFold.Words(rules.Text).Count >= options.ComplexQuestionWords || rules.StrongFactCount >= options.ComplexQuestionFacts))
        {
            return "complex personal question";
        }

        return null;
    }

    /// <summary>
    /// Asks the model for its reading of <paramref name="rules"/>' text (with the previous turn's scheme as context) and
    /// merges it. Never throws for a model problem: a failed, late or unparsable reading leaves the rules' result.
    /// </summary>
    public async Task<(U Understanding, LlmUnderstandingReport Report)> RefineAsync(U rules, ConversationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(state);
        var reason = ConsultReason(rules, state);
        if (reason is null)
        {
            return (rules, LlmUnderstandingReport.RulesOnly("rules are sure"));
        }

        var clock = Stopwatch.StartNew();
        string json;
        try
        {
            json = await ReadRawAsync(rules.Text, state, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return (rules, new LlmUnderstandingReport("rules", true, reason, null, "model failed: " + e.Message, clock.Elapsed));
        }

        var reading = Parse(json, snapshot);
        if (reading is null)
        {
            var why = json.Length == 0 ? "model gave no reading (time budget?)" : "model reading did not parse (cut short by a budget?)";
            return (rules, new LlmUnderstandingReport("rules", true, reason, json, why, clock.Elapsed));
        }

        var (merged, source, decision) = Merge(rules, reading);
        return (merged, new LlmUnderstandingReport(source, true, reason, json, decision, clock.Elapsed));
    }

    /// <summary>The model's raw, grammar-constrained output for <paramref name="text"/>.</summary>
    public async Task<string> ReadRawAsync(string text, ConversationState state, GenerationStats? stats = null, uint seed = 42, float temperature = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(state);
        var user = new StringBuilder();
        if (state.LastSchemeIds.Count > 0)
        {
            user.Append("(Earlier in this call: ").Append(state.LastSchemeIds[0]).Append(")\n");
        }

        user.Append(text);
        var request = new GenerationRequest
        {
            Messages = [ChatMessage.System(systemPrompt), ChatMessage.User(user.ToString())],
            Grammar = grammar,
            MaxTokens = options.MaxTokens,
            TimeBudget = options.TimeBudget,
            Temperature = temperature,
            Seed = seed,
            Stats = stats,
        };
        var output = new StringBuilder();
        await foreach (var piece in model.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            output.Append(piece);
        }

        return output.ToString();
    }

    /// <summary>Parses and validates a reading (labels, snapshot ids, slot types); null when it is not one.</summary>
    public static LlmReading? Parse(string json, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("intent", out var i) || i.ValueKind != JsonValueKind.String || !IntentNames.TryParse(i.GetString()!, out var intent) ||
                !root.TryGetProperty("scheme_id", out var s) || !root.TryGetProperty("slots", out var slots) || slots.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? scheme = null;
            if (s.ValueKind == JsonValueKind.String)
            {
                scheme = s.GetString();
                if (scheme is null || snapshot.Find(scheme) is null)
                {
                    return null;
                }
            }
            else if (s.ValueKind != JsonValueKind.Null)
            {
                return null;
            }

            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var slot in slots.EnumerateObject())
            {
                if (!UnderstandingGrammar.SlotNames.Contains(slot.Name))
                {
                    return null;
                }

                object? value = slot.Value.ValueKind switch
                {
                    JsonValueKind.Number when slot.Value.TryGetInt64(out var n) && n >= 0 => n,
                    JsonValueKind.String => slot.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                };
                if (value is null || !TypeFits(slot.Name, value))
                {
                    return null;
                }

                values[slot.Name] = value;
            }

            return new LlmReading(intent, scheme, values, json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rules win when confident: their intent and schemes stay, the model only adds grounded facts. Otherwise the
    /// model's intent wins, its scheme goes first, and the rules' facts still beat the model's.
    /// </summary>
    public (U Understanding, string Source, string Decision) Merge(U rules, LlmReading reading)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(reading);
        var (facts, taken, refused) = GroundedFacts(rules, reading);
        var notes = new List<string>();
        if (taken.Count > 0)
        {
            notes.Add("slots from the model: " + string.Join(", ", taken));
        }

        if (refused.Count > 0)
        {
            notes.Add("slots refused (not in the caller's words): " + string.Join(", ", refused));
        }

        var merged = rules with { Facts = facts, StrongFactCount = facts.StrongFactCount };
        if (rules.Confidence >= options.ConfidenceThreshold && !(rules.Intent.NeedsScheme() && rules.SchemeIds.Count == 0))
        {
            notes.Insert(0, $"rules kept {rules.Intent.Label()} (confident)");
            return (merged, taken.Count > 0 ? "rules+model" : "rules", string.Join("; ", notes));
        }

        var schemes = reading.SchemeId is { } id
            ? [id, .. rules.SchemeIds.Where(x => x != id)]
            : rules.SchemeIds;
        merged = merged with
        {
            Intent = reading.Intent,
            SchemeIds = schemes,
            SchemeFromContext = reading.SchemeId is null && rules.SchemeFromContext,
            Confidence = Math.Max(rules.Confidence, options.ModelConfidence),
        };
        notes.Insert(0, $"model intent {reading.Intent.Label()}" + (reading.SchemeId is null ? "" : $", scheme {reading.SchemeId}") +
            $" over rules' {rules.Intent.Label()}");
        return (merged, "model", string.Join("; ", notes));
    }

    private static bool TypeFits(string slot, object value) => slot switch
    {
        "age" => value is long a && a is >= 1 and <= 119,
        "annual_income_inr" => value is long,
        "gender" => value is string g && UnderstandingGrammar.Genders.Contains(g),
        "marital_status" => value is string m && UnderstandingGrammar.MaritalStatuses.Contains(m),
        "caste" => value is string c && UnderstandingGrammar.Castes.Contains(c),
        "residence" => value is string r && UnderstandingGrammar.Residences.Contains(r),
        "occupation" => value is string,
        "bpl" or "disabled" or "student" => value is bool,
        _ => false,
    };

    /// <summary>The rules' facts, plus the model's slots the rules did not find and the caller's words support.</summary>
    private (CallerProfile Facts, List<string> Taken, List<string> Refused) GroundedFacts(U rules, LlmReading reading)
    {
        var facts = rules.Facts;
        var taken = new List<string>();
        var refused = new List<string>();
        var occupations = UnderstandingGrammar.Occupations(snapshot);
        foreach (var (slot, value) in reading.Slots)
        {
            var known = slot switch
            {
                "age" => facts.Age is not null,
                "gender" => facts.Gender is not null,
                "marital_status" => facts.MaritalStatus is not null,
                "annual_income_inr" => facts.YearlyIncome is not null,
                "occupation" => facts.Occupations.Count > 0,
                "caste" => facts.Caste is not null,
                "bpl" => facts.Bpl is not null,
                "disabled" => facts.Disabled is not null,
                "student" => facts.Student is not null,
                "residence" => facts.Residence is not null,
                _ => true,
            };
            if (known)
            {
                continue; // the rules' fact stands
            }

            if (!SlotGrounding.Supports(rules.Text, slot, value) || (slot == "occupation" && !occupations.Contains((string)value)))
            {
                refused.Add($"{slot}={Show(value)}");
                continue;
            }

            facts = slot switch
            {
                "age" => facts with { Age = (int)(long)value },
                "gender" => facts with { Gender = (string)value },
                "marital_status" => facts with { MaritalStatus = (string)value },
                "annual_income_inr" => facts with { AnnualIncomeInr = (long)value },
                "occupation" => facts with { Occupations = new HashSet<string>(StringComparer.Ordinal) { (string)value } },
                "caste" => facts with { Caste = (string)value },
                "bpl" => facts with { Bpl = (bool)value },
                "disabled" => facts with { Disabled = (bool)value },
                "student" => facts with { Student = (bool)value },
                "residence" => facts with { Residence = (string)value },
                _ => facts,
            };
            taken.Add($"{slot}={Show(value)}");
        }

        return (facts, taken, refused);
    }

    private static string Show(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string SystemPrompt(Snapshot snapshot)
    {
        var s = new StringBuilder();
        s.AppendLine("You read one question a villager asked an Indian government welfare-scheme helpline and answer with JSON only.");
        s.AppendLine("intent: scheme_info (what a scheme is), eligibility (who can get it), benefits (what or how much it gives), documents,");
        s.AppendLine("apply_process (how to apply), helpline (a phone number), list_schemes (which schemes exist for a need),");
        s.AppendLine("eligibility_check_personal (the caller describes a person's situation and asks what they can get), out_of_scope,");
        s.AppendLine("greeting, goodbye, human_agent (wants a person), repeat (asks to hear the answer again).");
        s.AppendLine("scheme_id: the scheme asked about, from this list, or null:");
        // English names only: they keep the prompt short (it is decoded once and then cached), and a multilingual model
        // maps "किसान सम्मान निधि" to PM-KISAN from them.
        foreach (var scheme in snapshot.Schemes)
        {
            s.Append(scheme.Id).Append(": ").AppendLine(scheme.Names.Get("en"));
        }

        s.AppendLine("slots: only facts the caller states about the person concerned (age, gender, marital_status, annual_income_inr,");
        s.Append("occupation (one of: ").AppendJoin(", ", UnderstandingGrammar.Occupations(snapshot)).AppendLine("), caste, bpl, disabled, student, residence).");
        s.AppendLine("Leave out anything not said.");
        return s.ToString();
    }
}
