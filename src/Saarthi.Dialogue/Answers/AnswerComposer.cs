using System.Globalization;
using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;
using U = Saarthi.Dialogue.Understanding.Understanding;

namespace Saarthi.Dialogue.Answers;

/// <summary>
/// Builds the spoken answer from the scheme record: most important fact first, the next step last, every number
/// and amount copied from the record (never computed or invented), at phone length (about three short sentences).
/// </summary>
public sealed class AnswerComposer
{
    private const int MaxListed = 3;
    private readonly Snapshot _snapshot;
    private readonly SchemeResolver _resolver;
    private readonly DialogueOptions _options;

    public AnswerComposer(Snapshot snapshot, SchemeResolver resolver, DialogueOptions options)
    {
        _snapshot = snapshot;
        _resolver = resolver;
        _options = options;
    }

    public ComposedAnswer Compose(U u, ConversationState state, string lang)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(state);
        string P(string key, params (string, string)[] v) => PromptCatalog.Get(lang, key, v);
        var schemes = u.SchemeIds.Select(_snapshot.Find).OfType<Scheme>().ToList();

        switch (u.Problem)
        {
            case InputProblem.Empty or InputProblem.Unintelligible:
                return new ComposedAnswer(P("unclear"), [], []);
        }

        var answer = u.Intent switch
        {
            Intent.Greeting => new ComposedAnswer(P("greeting"), [], []),
            Intent.Goodbye => new ComposedAnswer(P("goodbye"), [], []),
            Intent.OutOfScope => new ComposedAnswer(P("out_of_scope"), [], []),
            Intent.HumanAgent => new ComposedAnswer(TextBrief.Join([
                string.IsNullOrWhiteSpace(_options.HumanHelpline) ? "" : P("human_agent", ("number", _options.HumanHelpline!)), P("callback")]), [], [], CallbackRequested: true),
            Intent.Repeat => new ComposedAnswer(state.LastAnswer ?? P("nothing_to_repeat"), state.LastSchemeIds, []),
            Intent.ListSchemes => ListAnswer(schemes, lang, state),
            Intent.EligibilityCheckPersonal => PersonalAnswer(u, schemes, state, lang),
            _ when schemes.Count == 0 => new ComposedAnswer(P("which_scheme"), [], []),
            Intent.SchemeInfo => InfoAnswer(schemes[0], lang, state),
            Intent.Benefits => BenefitsAnswer(schemes[0], u, lang, state),
            Intent.Eligibility => EligibilityAnswer(schemes[0], u, state, lang),
            Intent.Documents => DocumentsAnswer(schemes[0], lang, state),
            Intent.ApplyProcess => ApplyAnswer(schemes[0], u, lang, state),
            Intent.Helpline => HelplineAnswer(schemes[0], lang, state),
            _ => new ComposedAnswer(P("out_of_scope"), [], []),
        };
        if (u.Problem == InputProblem.TooLong) answer = answer with { Text = P("too_long") + " " + answer.Text };
        return answer;
    }

    private string Name(Scheme s, string lang, ConversationState state)
    {
        // Said once in full, then short.
        string content = ContentLanguage(lang);
        if (state.NamedInFull.Add(s.Id)) return s.Names.Get(content);
        return s.Names.ShortName(content);
    }

    private static string ListName(Scheme s, string lang, ConversationState state)
    {
        state.NamedInFull.Add(s.Id);
        var full = s.Names.Get(ContentLanguage(lang));
        int open = full.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 ? full[..open] : full;
    }

    private static string ContentLanguage(string lang) => lang == "en" ? "en" : "hi";

    private static string Clean(string text, string lang) => lang == "en" ? TextBrief.Rupees(text) : text;

    private ComposedAnswer InfoAnswer(Scheme s, string lang, ConversationState state)
    {
        string c = ContentLanguage(lang);
        string summary = TextBrief.Brief(Clean(s.Summary.Get(c), lang), 40);
        // A summary without a figure ("support for artisans…") leaves out what the caller most wants: the main amount.
        if (!summary.Any(char.IsDigit) && s.Benefits.Any(b => (b.AmountInr ?? b.AmountMaxInr) is not null))
            summary = TextBrief.Join([TextBrief.Brief(Clean(s.Summary.Get(c), lang), 24), KeyBenefit(s, lang, 16)]);
        return new ComposedAnswer(TextBrief.Join([$"{Name(s, lang, state)}: {summary}", NextStep(s, lang)]), [s.Id], []);
    }

    private ComposedAnswer BenefitsAnswer(Scheme s, U u, string lang, ConversationState state)
    {
        string c = ContentLanguage(lang);
        if (s.Benefits.Count == 0) return InfoAnswer(s, lang, state);
        // The benefits the question is about ("premium and death cover" → both), else the first with an amount.
        var picked = Relevant(s.Benefits.Select(b => b.Text).ToList(), u.Text, take: 2, NameWords(s), fallbackToFirst: false, preferAmounts: s.Benefits);
        if (picked.Count == 0) picked = [FirstWithAmount(s)];
        var parts = new List<string> { $"{Name(s, lang, state)}: {TextBrief.Brief(Clean(s.Benefits[picked[0]].Text.Get(c), lang), 30)}" };
        if (picked.Count > 1) parts.Add(TextBrief.Brief(Clean(s.Benefits[picked[1]].Text.Get(c), lang), 16));
        else if (s.Benefits.Count > 1 && TextBrief.WordCount(parts[0]) < 22)
        {
            // Room for the other amount (a premium, a second tier) when the first was short.
            int other = Enumerable.Range(0, s.Benefits.Count).FirstOrDefault(i => i != picked[0] && (s.Benefits[i].AmountInr ?? s.Benefits[i].AmountMaxInr) is not null, -1);
            if (other >= 0) parts.Add(TextBrief.Brief(Clean(s.Benefits[other].Text.Get(c), lang), 18));
        }
        parts.Add(NextStep(s, lang));
        return new ComposedAnswer(TextBrief.Join(parts), [s.Id], []);
    }

    private static int FirstWithAmount(Scheme s)
    {
        for (int i = 0; i < s.Benefits.Count; i++)
            if (s.Benefits[i].AmountInr is not null || s.Benefits[i].AmountMaxInr is not null) return i;
        return 0;
    }

    private ComposedAnswer EligibilityAnswer(Scheme s, U u, ConversationState state, string lang)
    {
        string c = ContentLanguage(lang);
        var parts = new List<string>();
        var verdicts = new List<EligibilityResult>();
        Fact? ask = null;
        var profile = state.Profile;
        string name = Name(s, lang, state);
        bool genderDecides = profile.Gender is not null && s.Rules is { } rules && rules.Gender.Count > 0 && !rules.Gender.Contains("any");
        if (profile.StrongFactCount > 0 || genderDecides)
        {
            var r = EligibilityEvaluator.Evaluate(s, profile);
            verdicts.Add(r);
            if (r.Verdict == Verdict.Eligible && r.MatchedRules > 0) parts.Add(PromptCatalog.Get(lang, "verdict_yes", ("name", s.Names.ShortName(c))));
            else if (r.Verdict == Verdict.NotEligible) parts.Add(PromptCatalog.Get(lang, "verdict_no", ("name", s.Names.ShortName(c)), ("reason", Reason(r.Failed[0], lang))));
            else if (r.DecidingFact is { } f) ask = f;
        }
        var criteria = s.Criteria.Get(c);
        if (criteria.Count > 0)
        {
            var picked = Relevant(Aligned(s.Criteria, c), u.Text, take: 2, NameWords(s));
            // A rule about the caller's own age ("70 and above … irrespective of income") is the one they need to hear.
            int forAge = criteria.ToList().FindIndex(x => AgeClauses.Holds(x, profile.Age));
            if (forAge >= 0 && !picked.Contains(forAge)) picked = [forAge, .. picked.Take(1)];
            var text = string.Join(" ", picked.Select(i => TextBrief.Brief(Clean(criteria[i], lang), 24)));
            parts.Add($"{name}: {text}");
        }
        else parts.Add($"{name}: {TextBrief.Brief(Clean(s.Summary.Get(c), lang), 30)}");
        if (ask is { } fact) parts.Add(PromptCatalog.Get(lang, "ask." + fact.ToString().ToLowerInvariant()));
        return new ComposedAnswer(TextBrief.Join(parts), [s.Id], verdicts, ask);
    }

    private ComposedAnswer DocumentsAnswer(Scheme s, string lang, ConversationState state)
    {
        string c = ContentLanguage(lang);
        var docs = s.Documents.Get(c);
        if (docs.Count == 0) return new ComposedAnswer(PromptCatalog.Get(lang, "no_documents", ("name", Name(s, lang, state))), [s.Id], []);
        var items = docs.Take(4).Select(d => TextBrief.WithoutBrackets(d).TrimEnd('.', '।')).Where(d => d.Length > 0).ToList();
        var text = PromptCatalog.Get(lang, "documents", ("name", Name(s, lang, state)), ("items", TextBrief.List(items, PromptCatalog.Get(lang, "and"))));
        return new ComposedAnswer(TextBrief.Join([text, NextStep(s, lang)]), [s.Id], []);
    }

    private ComposedAnswer ApplyAnswer(Scheme s, U u, string lang, ConversationState state)
    {
        string c = ContentLanguage(lang);
        var steps = s.ApplicationSteps.Get(c);
        if (steps.Count == 0) return InfoAnswer(s, lang, state);
        // The steps the question is about ("claim", "e-KYC"), else the first two. Steps ending in "or" are
        // alternatives ("register online, or / go to a CSC"): the next one is said as "Or, …".
        var picked = Relevant(Aligned(s.ApplicationSteps, c), u.Text, take: 2, NameWords(s));
        var first = TextBrief.Alternative(Clean(steps[picked[0]], lang), out bool hasAlternative);
        var parts = new List<string> { $"{Name(s, lang, state)}: {TextBrief.Brief(first, 24)}" };
        if (picked.Count > 1)
        {
            var second = TextBrief.Brief(TextBrief.Alternative(Clean(steps[picked[1]], lang), out _), 22);
            parts.Add(hasAlternative && picked[1] == picked[0] + 1 ? PromptCatalog.Get(lang, "or_step", ("step", TextBrief.LowerFirst(second))) : second);
        }
        return new ComposedAnswer(TextBrief.Join(parts), [s.Id], []);
    }

    private ComposedAnswer HelplineAnswer(Scheme s, string lang, ConversationState state)
    {
        string name = Name(s, lang, state);
        if (s.Helplines.Count == 0)
        {
            var parts = new List<string> { PromptCatalog.Get(lang, "no_helpline", ("name", name)) };
            if (s.OfficialUrl is { Length: > 0 } url) parts.Add(PromptCatalog.Get(lang, "website", ("url", HostOf(url))));
            return new ComposedAnswer(TextBrief.Join(parts), [s.Id], []);
        }
        var numbers = TextBrief.List(s.Helplines.Take(2).Select(h => h.Number).ToList(), PromptCatalog.Get(lang, "or"));
        return new ComposedAnswer(PromptCatalog.Get(lang, "helpline", ("name", name), ("numbers", numbers)), [s.Id], []);
    }

    private ComposedAnswer ListAnswer(List<Scheme> schemes, string lang, ConversationState state)
    {
        if (schemes.Count == 0) return new ComposedAnswer(PromptCatalog.Get(lang, "which_scheme"), [], []);
        string c = ContentLanguage(lang);
        if (schemes.Count == 1)
        {
            var s = schemes[0];
            return new ComposedAnswer(TextBrief.Join([$"{Name(s, lang, state)}: {TextBrief.Brief(Clean(s.Summary.Get(c), lang), 32)}", NextStep(s, lang)]), [s.Id], []);
        }
        // A list is heard, not read: each scheme by its name without the bracketed acronym, and one short benefit.
        var items = schemes.Take(MaxListed).Select(s => $"{ListName(s, lang, state)} – {KeyBenefit(s, lang, 9)}").ToList();
        var text = TextBrief.Join([PromptCatalog.Get(lang, "list_intro"), string.Join("; ", items.Select(i => i.TrimEnd('.', '।'))) + (lang == "en" ? "." : "।"),
            PromptCatalog.Get(lang, "list_outro")]);
        return new ComposedAnswer(text, schemes.Take(MaxListed).Select(s => s.Id).ToList(), []);
    }

    private ComposedAnswer PersonalAnswer(U u, List<Scheme> named, ConversationState state, string lang)
    {
        var profile = state.Profile;
        string c = ContentLanguage(lang);
        if (profile.FactCount == 0) return new ComposedAnswer(PromptCatalog.Get(lang, "need_facts"), [], [], Fact.Age);
        var ranked = Rank(profile, u);
        // One fact ("I am 52") fits too many schemes to be useful: ask for the fact that narrows it most.
        bool needNamed = u.TopicTargets.Any(t => t.StartsWith("category:", StringComparison.Ordinal));
        if (named.Count == 0 && profile.StrongFactCount < 2 && !needNamed)
        {
            var ask = profile.Occupations.Count == 0 ? Fact.Occupation : Fact.Age;
            return new ComposedAnswer(PromptCatalog.Get(lang, "ask." + ask.ToString().ToLowerInvariant()), [], [], ask);
        }
        if (named.Count > 0)
        {
            var s = named[0];
            var r = EligibilityEvaluator.Evaluate(s, profile);
            var parts = new List<string>();
            var ids = new List<string> { s.Id };
            string shortName = s.Names.ShortName(c);
            if (r.Verdict == Verdict.NotEligible)
            {
                parts.Add(PromptCatalog.Get(lang, "verdict_no", ("name", Name(s, lang, state)), ("reason", Reason(r.Failed[0], lang))));
                // An alternative only when it is meant for people like the caller (two rules matched), in the same field.
                var alternatives = ranked.Where(x => x.Result.Verdict == Verdict.Eligible && x.Scheme.Id != s.Id && x.Result.MatchedRules >= 2 &&
                    (CategoryRoot(x.Scheme) == CategoryRoot(s) || SharesTopic(x.Scheme, s))).Take(1).ToList();
                if (alternatives.Count > 0)
                {
                    var alt = alternatives[0].Scheme;
                    parts.Add(PromptCatalog.Get(lang, "alternatives", ("names", $"{Name(alt, lang, state)} ({KeyBenefit(alt, lang, 14).TrimEnd('.', '।')})")));
                    ids.Add(alt.Id);
                }
            }
            else if (r.Verdict == Verdict.Eligible)
            {
                // Yes, the condition that decides it (the rules checked only what can be checked), what it gives, what to do.
                parts.Add(PromptCatalog.Get(lang, "verdict_yes", ("name", Name(s, lang, state))));
                var criteria = s.Criteria.Get(c);
                if (criteria.Count > 0)
                    parts.Add(TextBrief.Brief(Clean(criteria[Relevant(Aligned(s.Criteria, c), u.Text, 1, NameWords(s))[0]], lang), 18));
                parts.Add(KeyBenefit(s, lang, 16, u.Text, profile.Age));
                if (TextBrief.WordCount(string.Join(' ', parts)) < 40) parts.Add(NextStep(s, lang));
            }
            else
            {
                var criteria = s.Criteria.Get(c);
                parts.Add($"{Name(s, lang, state)}: {TextBrief.Brief(Clean(criteria.Count > 0 ? criteria[0] : s.Summary.Get(c), lang), 24)}");
                var missing = r.Missing.Count > 0 ? r.Missing[0] : Fact.Age;
                parts.Add(PromptCatalog.Get(lang, "ask." + missing.ToString().ToLowerInvariant()));
                return new ComposedAnswer(TextBrief.Join(parts), ids, [r], missing);
            }
            return new ComposedAnswer(TextBrief.Join(parts), ids, [r]);
        }

        var eligible = ranked.Where(x => x.Result.Verdict == Verdict.Eligible && x.Score > 0).ToList();
        // "How much pension will she get?": a need named as a kind of scheme narrows the answer to that kind.
        var needs = u.TopicTargets.Where(t => t.StartsWith("category:", StringComparison.Ordinal)).SelectMany(_resolver.Expand).ToHashSet(StringComparer.Ordinal);
        if (eligible.Any(x => needs.Contains(x.Scheme.Id)))
        {
            // The caller's own trade stays in the answer ("kumhar… loan wali yojana": Vishwakarma lends to potters).
            needs.UnionWith(u.Topics.Where(t => t.Score >= 2.5 && u.TopicTargets.Contains(t.SchemeId)).Select(t => t.SchemeId));
            eligible = eligible.Where(x => needs.Contains(x.Scheme.Id)).ToList();
        }
        if (eligible.Count > 0)
        {
            double top = eligible[0].Score;
            var chosen = eligible.Where(x => x.Score >= 0.5 * top).Take(MaxListed).ToList();
            if (chosen.Count == 1)
            {
                var s = chosen[0].Scheme;
                var benefit = KeyBenefit(s, lang, 30, u.Text, profile.Age);
                return new ComposedAnswer(TextBrief.Join([PromptCatalog.Get(lang, "personal_one", ("name", Name(s, lang, state))), benefit, NextStep(s, lang)]),
                    [s.Id], [chosen[0].Result]);
            }
            var items = chosen.Select(x => $"{ListName(x.Scheme, lang, state)} – {KeyBenefit(x.Scheme, lang, 9, u.Text, profile.Age).TrimEnd('.', '।')}").ToList();
            return new ComposedAnswer(TextBrief.Join([PromptCatalog.Get(lang, "personal_intro"), string.Join("; ", items) + (lang == "en" ? "." : "।"),
                PromptCatalog.Get(lang, "personal_outro")]), chosen.Select(x => x.Scheme.Id).ToList(), chosen.Select(x => x.Result).ToList());
        }
        // Nothing fits yet: ask the one fact that would decide the most promising schemes.
        var undecided = ranked.Where(x => x.Result.Verdict == Verdict.Undecided && x.Score > 0).ToList();
        var deciding = undecided.SelectMany(x => x.Result.Missing).GroupBy(f => f).OrderByDescending(g => g.Count()).Select(g => (Fact?)g.Key).FirstOrDefault();
        var question = deciding is { } df ? PromptCatalog.Get(lang, "ask." + df.ToString().ToLowerInvariant()) : PromptCatalog.Get(lang, "need_facts");
        return new ComposedAnswer(TextBrief.Join([PromptCatalog.Get(lang, "personal_none"), question]), [], [], deciding);
    }

    /// <summary>"pension" for both "pension" and "pension_social_assistance": the same field of help.</summary>
    private static string CategoryRoot(Scheme s) => s.Category.Split('_')[0];

    private bool SharesTopic(Scheme a, Scheme b) =>
        a.Rules?.Occupation.Intersect(b.Rules?.Occupation ?? []).Any(o => o != "any") == true;

    /// <summary>
    /// Every scheme scored for this caller: restrictive rules that match weigh most (a scheme meant for people
    /// like them), then what they asked about, then the size of the benefit.
    /// </summary>
    private List<(Scheme Scheme, EligibilityResult Result, double Score)> Rank(CallerProfile profile, U u)
    {
        var topicVotes = u.Topics.ToDictionary(t => t.SchemeId, t => t.Score, StringComparer.Ordinal);
        var list = new List<(Scheme, EligibilityResult, double)>();
        foreach (var s in _snapshot.Schemes)
        {
            var r = EligibilityEvaluator.Evaluate(s, profile);
            double score = r.MatchedRules + 0.5 * r.MatchedRules * (s.Rules is { } rules ? Specificity(rules, profile) : 0)
                + 0.5 * topicVotes.GetValueOrDefault(s.Id) + 0.05 * Math.Log10(1 + s.MaxAmountInr);
            if (r.MatchedRules == 0 && topicVotes.GetValueOrDefault(s.Id) == 0) score = 0;
            list.Add((s, r, score));
        }
        return list.OrderByDescending(x => x.Item3).ThenBy(x => _resolver.Position(x.Item1.Id)).ToList();
    }

    /// <summary>How pointed a scheme's rules are at this caller: occupation, income, land, BPL, disability, widowhood, studies.</summary>
    private static double Specificity(EligibilityRules r, CallerProfile p)
    {
        double s = 0;
        if (r.Occupation.Count > 0 && !r.Occupation.Contains("any") && r.Occupation.Any(p.Occupations.Contains)) s += 1.5;
        if ((r.AnnualIncomeMaxInr ?? r.MonthlyIncomeMaxInr) is not null && p.YearlyIncome is not null) s += 1;
        if (r.LandMaxHectare is not null && p.LandHectare is not null) s += 1;
        if (r.PoorOrBplRequired == true && p.Bpl == true) s += 1;
        if (r.DisabilityRequired == true && p.Disabled == true) s += 1.5;
        if (r.MaritalStatus.Contains("widowed") && p.MaritalStatus == "widowed") s += 1.5;
        if (r.Student == true && p.Student == true) s += 1;
        if (p.Pregnant == true && r.Gender.Contains("female")) s += 1.5;
        return s;
    }

    /// <summary>The benefit a caller most wants to hear: the one matching their words, else the first with an amount.</summary>
    private string KeyBenefit(Scheme s, string lang, int maxWords, string? question = null, int? age = null)
    {
        string c = ContentLanguage(lang);
        if (s.Benefits.Count == 0) return TextBrief.Brief(Clean(s.Summary.Get(c), lang), maxWords);
        int index = question is null ? -1 : Relevant(s.Benefits.Select(b => b.Text).ToList(), question, 1, NameWords(s), fallbackToFirst: false).FirstOrDefault(-1);
        if (index < 0)
        {
            index = 0;
            for (int i = 0; i < s.Benefits.Count; i++)
                if (s.Benefits[i].AmountInr is not null || s.Benefits[i].AmountMaxInr is not null) { index = i; break; }
        }
        return TextBrief.Brief(Clean(AgeClauses.ForAge(s.Benefits[index].Text.Get(c), age), lang), maxWords);
    }

    private string NextStep(Scheme s, string lang)
    {
        if (s.ApplicationModes.Contains("csc")) return PromptCatalog.Get(lang, "apply_at_csc");
        var steps = s.ApplicationSteps.Get(ContentLanguage(lang));
        if (steps.Count == 0 || s.ApplicationModes.Contains("none")) return "";
        return PromptCatalog.Get(lang, "to_apply", ("step", TextBrief.Brief(TextBrief.Alternative(Clean(steps[0], lang), out _), 16)));
    }

    private static string Reason(FailedRule f, string lang)
    {
        string Terms(string codes) => TextBrief.List(codes.Split('/').Select(x => PromptCatalog.Term(lang, x)).Distinct().ToList(), PromptCatalog.Get(lang, "or"));
        string Amount(string v) => long.TryParse(v, out long n) ? n.ToString("#,##0", CultureInfo.InvariantCulture) : v;
        string Num(string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d.ToString("0.##", CultureInfo.InvariantCulture) : v;
        return f.Fact switch
        {
            Fact.Age => PromptCatalog.Get(lang, "why.age", ("required", f.Required.Replace("-any", "+", StringComparison.Ordinal))),
            Fact.Gender => PromptCatalog.Get(lang, "why.gender", ("required", Terms(f.Required))),
            Fact.Caste => PromptCatalog.Get(lang, "why.caste", ("required", f.Required.Replace("/any_if_female", "", StringComparison.Ordinal))),
            Fact.Income => PromptCatalog.Get(lang, "why.income", ("required", Amount(f.Required))),
            Fact.Bpl => PromptCatalog.Get(lang, "why.bpl"),
            Fact.Land when f.Required == "owns land" => PromptCatalog.Get(lang, "why.land_owner"),
            Fact.Land => PromptCatalog.Get(lang, "why.land", ("required", Num(f.Required)), ("actual", Num(f.Actual))),
            Fact.Occupation => PromptCatalog.Get(lang, "why.occupation", ("required", Terms(f.Required))),
            Fact.Residence => PromptCatalog.Get(lang, "why.residence", ("required", Terms(f.Required))),
            Fact.MaritalStatus => PromptCatalog.Get(lang, "why.maritalstatus"),
            Fact.Disability when f.Required != "disabled" => PromptCatalog.Get(lang, "why.disability_percent", ("required", f.Required)),
            Fact.Disability => PromptCatalog.Get(lang, "why.disability"),
            Fact.Student => PromptCatalog.Get(lang, "why.student"),
            Fact.Pregnancy => PromptCatalog.Get(lang, "why.pregnancy"),
            Fact.State => PromptCatalog.Get(lang, "why.state"),
            _ => PromptCatalog.Get(lang, "why.incometax"),
        };
    }

    /// <summary>The list in the answer language when its items line up with the other languages (for cross-language relevance).</summary>
    private static List<LocalizedText> Aligned(LocalizedList list, string lang)
    {
        var own = list.Get(lang);
        return own.Select((text, i) =>
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (l, items) in list.Values) if (items.Count == own.Count) d[l] = items[i];
            return new LocalizedText(d);
        }).ToList();
    }

    /// <summary>
    /// Indices of the items that share the most words with the question (in any of their languages), in record
    /// order. Each shared word counts by how few items contain it, so "pahadi" decides over "ghar", which every
    /// item mentions; period words ("month", "saal") say nothing. The first item(s) when nothing overlaps.
    /// </summary>
    private static List<int> Relevant(IReadOnlyList<LocalizedText> items, string question, int take, IReadOnlySet<string> ignore,
        bool fallbackToFirst = true, IReadOnlyList<Benefit>? preferAmounts = null)
    {
        var q = TextFold.Words(question).Where(w => w.Length > 2 && !StopFold.Contains(w) && !ignore.Contains(w) && !PeriodWords.Contains(w) && !VerbWords.Contains(w))
            .Distinct().ToList();
        var itemWords = items.Select(it => it.Values.Values.SelectMany(TextFold.Words).ToHashSet(StringComparer.Ordinal)).ToList();
        double Match(HashSet<string> words, string w) => words.Contains(w) ? 1 : words.Any(x => Fuzzy.Similarity(x, w) >= 0.8) ? 0.7 : 0;
        var scored = new List<(int Index, double Score)>();
        for (int i = 0; i < items.Count; i++)
        {
            double score = 0;
            foreach (var w in q)
            {
                double m = Match(itemWords[i], w);
                if (m == 0) continue;
                int df = itemWords.Count(x => Match(x, w) > 0);
                score += m / df;
            }
            if (score > 0 && preferAmounts is not null && (preferAmounts[i].AmountInr ?? preferAmounts[i].AmountMaxInr) is not null) score += 0.25;
            scored.Add((i, score));
        }
        double best = scored.Count == 0 ? 0 : scored.Max(x => x.Score);
        // A second item only when it is nearly as relevant as the first (the question asked about two things).
        var hits = scored.Where(x => x.Score > 0 && x.Score >= 0.6 * best).OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(take).Select(x => x.Index).ToList();
        if (hits.Count == 0 && fallbackToFirst) return Enumerable.Range(0, Math.Min(take, items.Count)).ToList();
        if (take > 1 && fallbackToFirst && !hits.Contains(0) && hits.Count < take) hits.Insert(0, 0);
        return hits.Order().ToList();
    }

    /// <summary>Verbs and helpers of a question ("aa sakta hun", "banane ko"): they match any text, not the fact asked about.</summary>
    private static readonly HashSet<string> VerbWords = new[]
    {
        "sakta", "sakti", "sakte", "सकता", "सकती", "सकते", "karna", "karne", "karta", "karti", "करना", "करने", "करता", "करती", "hota", "hoti", "hote",
        "होता", "होती", "होते", "milta", "milti", "milega", "milegi", "मिलता", "मिलती", "मिलेगा", "मिलेगी", "jata", "jati", "जाता", "जाती", "raha", "rahe",
        "रहा", "रहे", "chahiye", "चाहिए", "banane", "banana", "बनाने", "बनाना", "dena", "lena", "देना", "लेना", "rakh", "रख", "jaari", "जारी",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> PeriodWords = new[]
    {
        "month", "months", "monthly", "year", "years", "yearly", "mahina", "mahine", "saal", "sal", "महीना", "महीने", "साल", "वर्ष", "माह",
        "प्रति", "per", "har", "हर", "din", "day", "दिन",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <summary>Words of the scheme's own names: they say which scheme, not which of its facts.</summary>
    private static HashSet<string> NameWords(Scheme s) =>
        s.Names.Full.Values.Concat(s.Names.Aliases).SelectMany(TextFold.Words).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> StopFold = StopWords.All.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host.Replace("www.", "", StringComparison.Ordinal) : url;
}
