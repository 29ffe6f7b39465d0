using Saarthi.Dialogue.Language;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// Rule-based understanding: weighs intent cues, scheme evidence, personal facts and the conversation so far.
/// Deterministic and fast (well under a millisecond per turn); the LLM, when present, is consulted only when this is unsure.
/// </summary>
public sealed class Understander
{
    public const int MaxChars = 2000;
    private const int MaxWords = 300;
    private static readonly PhraseMatcher<Intent> Cues = IntentCues.Build();
    private static readonly PhraseMatcher<bool> OutOfScopeCues = IntentCues.OutOfScope();
    private static readonly PhraseMatcher<bool> OtherCues = IntentCues.Others();
    private static readonly PhraseMatcher<bool> WhichOneCues = IntentCues.WhichOne();
    private static readonly PhraseMatcher<bool> WhatIsCues = IntentCues.WhatIs();
    private static readonly HashSet<string> Pronouns = new[]
    {
        "it", "this", "that", "its", "isme", "ismein", "iske", "iski", "iska", "isse", "is", "usme", "uske", "uski", "uska", "ye", "yeh", "vo", "woh",
        "इसमें", "इसके", "इसकी", "इसका", "इससे", "इस", "यह", "ये", "उसमें", "उसके", "उसकी", "उसका", "वह", "वो", "यात", "याचा", "याची", "त्यात", "same",
        "there", "wahan", "वहाँ", "वहां",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> FoldedStopWords = StopWords.All.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <summary>How a follow-up opens ("and if the second baby is a girl…", "aur agar…"): it goes on about the scheme just discussed.</summary>
    private static readonly HashSet<string> FollowUpOpeners = new[] { "and", "aur", "और", "also" }
        .Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    // The caller speaking of themselves (not "my son"): "main", "मैं", "I am", "hum".
    private static readonly HashSet<string> SelfWords = new[] { "main", "mai", "मैं", "i", "i'm", "im", "hum", "हम", "मी" }
        .Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <summary>Someone in particular: the caller or their family ("my", "hamara", "मुझे").</summary>
    private static readonly HashSet<string> SomeoneWords = new[]
    {
        "main", "mai", "मैं", "i", "i'm", "im", "hum", "हम", "मी", "my", "our", "we", "me", "us", "mera", "meri", "mere", "hamara", "hamari", "hamare",
        "mujhe", "hamein", "humein", "मेरा", "मेरी", "मेरे", "हमारा", "हमारी", "हमारे", "मुझे", "हमें", "माझा", "माझी", "माझे", "माझं", "मला",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <summary>A group spoken of in general ("ठेले वालों को", "SC ke bachchon ke liye"): its traits are no caller's facts.</summary>
    private static readonly HashSet<string> GroupWords = new[]
    {
        "walon", "valon", "वालों", "logon", "logo", "लोगों", "लोगो", "bachchon", "bacchon", "बच्चों", "kisanon", "किसानों", "people", "students", "farmers",
        "women", "महिलाओं", "mahilaon", "widows", "vendors", "workers", "मजदूरों", "मज़दूरों", "chhatron", "छात्रों",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    private static readonly Intent[] SchemeIntents = [Intent.Documents, Intent.Helpline, Intent.ApplyProcess, Intent.Eligibility, Intent.Benefits, Intent.SchemeInfo];

    private readonly SchemeResolver _resolver;
    private readonly Snapshot _snapshot;

    public Understander(Snapshot snapshot, IKnowledgeBase? kb = null)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        _resolver = new SchemeResolver(snapshot, kb);
    }

    public SchemeResolver Resolver => _resolver;

    public Understanding Understand(string? input, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (said, problem) = Sanitize(input);
        var text = problem is InputProblem.Empty or InputProblem.Unintelligible ? said : _resolver.RepairNameSpacing(said);
        string language = LanguageDetector.Detect(text);
        if (problem is InputProblem.Empty or InputProblem.Unintelligible)
            return new Understanding(text, language == LanguageDetector.Unknown ? state.Language ?? LanguageDetector.Hindi : language,
                Intent.OutOfScope, 0, [], false, CallerProfile.Empty, 0, [], problem);

        var words = TextFold.Words(text);
        if (words.Count > MaxWords) words = words.GetRange(0, MaxWords);
        var evidence = _resolver.Resolve(words, text);
        var cuePositions = new HashSet<int>();
        var firstCue = new Dictionary<Intent, int>();
        var scores = Score(words, evidence.NamedPositions, cuePositions, firstCue);
        // Facts come from the words that did not name the scheme ("widow" in "widow pension" is no fact about the caller).
        var facts = SlotExtractor.Extract(text, state.ExpectingFact, evidence.NamedPositions);
        int strong = facts.StrongFactCount;
        double oos = OutOfScopeCues.Matches(words).Sum(m => m.Weight);
        // "aur koi yojana?" opens with "aur" but asks for other schemes, not more about this one.
        bool asksForOthers = OtherCues.Matches(words).Any() && state.LastSchemeIds.Count > 0;
        bool pronoun = !asksForOthers && (words.Any(Pronouns.Contains) || (words.Count > 0 && FollowUpOpeners.Contains(words[0])));
        var named = Disambiguate(evidence, facts, scores);
        var topics = evidence.Topics;
        double topTopic = topics.Count > 0 ? topics[0].Score : 0;
        double specific = SchemeIntents.Max(i => scores[i]);
        Intent bestSpecific = SchemeIntents.OrderByDescending(i => scores[i]).First();
        // "matru vandana kya hai, isme kitne paise milte hain": asked first what the scheme is — the answer says what it
        // is and what it gives. "What is" must be about the scheme's name ("X kya hai", "what is the X"), not a fact of it
        // ("what is the premium").
        int whatIsAt = WhatIsCues.Matches(words)
            .Where(m => evidence.NamedPositions.Any(p => p - (m.Start + m.Length) is >= 0 and <= 1 || m.Start - p is >= 1 and <= 2))
            .Select(m => m.Start).DefaultIfEmpty(int.MaxValue).Min();
        if (bestSpecific is Intent.Benefits or Intent.Eligibility && scores[bestSpecific] <= 4 && whatIsAt < firstCue.GetValueOrDefault(bestSpecific, int.MaxValue))
            bestSpecific = Intent.SchemeInfo;

        Understanding Result(Intent intent, IReadOnlyList<string> schemes, double confidence, bool fromContext = false) =>
            new(text, language, intent, confidence, schemes, fromContext, facts, strong, evidence.TopicTargets, problem) { Topics = evidence.Topics };

        // Conversation management first: these are short and unmistakable.
        if (scores[Intent.HumanAgent] >= 4) return Result(Intent.HumanAgent, [], 0.9);
        if (scores[Intent.Repeat] >= 4 && named.Count == 0 && words.Count <= 12)
            return Result(Intent.Repeat, state.LastSchemeIds, 0.9, fromContext: true);
        bool substantive = named.Count > 0 || topTopic >= 2 || specific >= 2 || scores[Intent.ListSchemes] > 0 || strong > 0;
        // "बस" and "thanks" also occur inside long sentences; a goodbye is short.
        if (scores[Intent.Goodbye] >= 3 && !substantive && (words.Count <= 8 || scores[Intent.Goodbye] >= 6)) return Result(Intent.Goodbye, [], 0.9);
        // "ठीक है धन्यवाद, अब फोन रखती हूँ": a short thanks-and-leaving outweighs the words it shares with questions ("phone").
        if (scores[Intent.Goodbye] > specific && scores[Intent.Goodbye] >= 3 && named.Count == 0 && strong == 0 && scores[Intent.ListSchemes] < 3 && words.Count <= 12)
            return Result(Intent.Goodbye, [], 0.8);
        if (scores[Intent.Greeting] >= 3 && !substantive) return Result(Intent.Greeting, [], 0.9);
        // "hello, is this the yojana helpline?", "नमस्ते जी, मुझे एक योजना के बारे में पूछना था": a greeting that opens the
        // call, with no scheme or need named yet.
        if (scores[Intent.Greeting] >= 3 && named.Count == 0 && state.LastSchemeIds.Count == 0 && strong == 0 && topTopic < 1.5 && words.Count <= 12)
            return Result(Intent.Greeting, [], 0.7);
        if (oos >= 2 && named.Count == 0 && topTopic < 2.5) return Result(Intent.OutOfScope, [], 0.8);

        // A caller describing themselves (two or more facts, or one with "for me" / "I … can I") wants a personal check —
        // unless they asked how to apply, which papers or whom to call ("how do I register as a carpenter"), or asked
        // about the scheme just discussed ("meri umar 55 hai, kya main ye le sakta hu").
        bool aboutSelf = words.Any(SelfWords.Contains);
        // (Someone listing several facts about themselves — "I have a disability certificate, I am 30, BPL…" — still wants the check.)
        bool asksProcess = Math.Max(scores[Intent.ApplyProcess], Math.Max(scores[Intent.Documents], scores[Intent.Helpline])) >= 3
            && (named.Count > 0 || topTopic >= 1.5) && (strong < 2 || !aboutSelf) && scores[Intent.Eligibility] < 3;
        bool ofSchemeJustDiscussed = pronoun && named.Count == 0 && state.LastSchemeIds.Count > 0 && strong < 2;
        bool aboutAGroup = words.Any(GroupWords.Contains) && !words.Any(SomeoneWords.Contains);
        bool personal = !aboutAGroup && (strong >= 2 || (strong >= 1 && (scores[Intent.EligibilityCheckPersonal] > 0 || (aboutSelf && named.Count > 0))));
        if (personal && !asksProcess && !ofSchemeJustDiscussed)
        {
            // "main kisan hu… kaun kaun si yojana mil sakti hai": a caller asking for schemes in the plural wants the list,
            // even when a word of their description ("kisan") is also part of a scheme's name.
            bool wantsList = scores[Intent.ListSchemes] >= 3;
            var about = named.Count > 0 && !wantsList ? named : scores[Intent.ListSchemes] < 1.5 ? ClearNeed(evidence) : [];
            return Result(Intent.EligibilityCheckPersonal, about, about.Count > 0 ? 0.85 : 0.7);
        }
        // "What can I get?" with nothing said yet: the personal check asks for the facts it needs.
        if (scores[Intent.EligibilityCheckPersonal] >= 3 && named.Count == 0 && topTopic < 2.5 && (specific < 3 || scores[Intent.ListSchemes] >= 3)
            && !(pronoun && state.LastSchemeIds.Count > 0))
            return Result(Intent.EligibilityCheckPersonal, [], 0.6);

        // "meri maa 55 saal ki hai, unka ho jayega?": a fact about someone, asked of the scheme just discussed.
        if (named.Count == 0 && strong >= 1 && state.LastSchemeIds.Count > 0 && topTopic < 2.5 && scores[Intent.ListSchemes] < 2)
            return Result(Intent.Eligibility, state.LastSchemeIds.Take(1).ToList(), 0.65, fromContext: true);

        // "meri umar 52 saal hai" on its own: a fact about the caller, answered with what fits (or what else is needed).
        if (strong >= 1 && named.Count == 0 && state.LastSchemeIds.Count == 0 && topTopic < 2.5 && specific < 2 && scores[Intent.ListSchemes] < 2)
            return Result(Intent.EligibilityCheckPersonal, [], 0.55);

        // "aur koi yojana hai kisano ke liye?", "इसके अलावा विधवा के लिए और कोई मदद?": schemes for the same need, without
        // the one just discussed.
        if (asksForOthers && named.Count == 0 && strong == 0 && specific < 3)
        {
            var others = topics.Select(t => t.SchemeId)
                .Concat(_snapshot.Find(state.LastSchemeIds[0]) is { } last ? _resolver.Expand("category:" + last.Category.Split('_')[0]) : [])
                .Where(id => !state.LastSchemeIds.Contains(id)).Distinct().Take(3).ToList();
            if (others.Count > 0) return Result(Intent.ListSchemes, others, 0.6);
        }

        // "isme…", "how do I apply for it": the scheme of the previous turn, unless another is named or the caller asks
        // for any scheme at all ("mujhe bhi koi yojana mil sakti hai?").
        bool anyScheme = scores[Intent.ListSchemes] >= 3 || scores[Intent.EligibilityCheckPersonal] >= 3;
        if (named.Count == 0 && state.LastSchemeIds.Count > 0 && (pronoun || (specific > 0 && topTopic < 2.5 && !anyScheme)))
        {
            var intent = specific > 0 ? bestSpecific : Intent.SchemeInfo;
            return Result(intent, state.LastSchemeIds.Take(1).ToList(), 0.7, fromContext: true);
        }

        // "delivery free hoti hai, wo kaun si yojana hai?": the one scheme that does it, not a list.
        var whichOne = WhichOneCues.Matches(words).ToList();
        bool asksWhichOne = whichOne.Any(m => m.Value) && !whichOne.Any(m => !m.Value);
        if (named.Count > 0)
        {
            if (asksWhichOne && named.Count == 1) return Result(Intent.SchemeInfo, named, 0.85);
            if (scores[Intent.ListSchemes] >= 3 && scores[Intent.ListSchemes] > specific)
                return Result(Intent.ListSchemes, MergeRanked(named, topics, 3), 0.8);
            return Result(specific > 0 ? bestSpecific : Intent.SchemeInfo, named, 0.9);
        }

        if (topics.Count > 0)
        {
            var strongTopics = topics.Where(t => t.Score >= 0.3 * topTopic).Select(t => t.SchemeId).Take(3).ToList();
            bool oneClearScheme = topics.Count == 1 || topics[1].Score < 0.6 * topTopic;
            if (asksWhichOne && ClearNeed(evidence) is [var theOne])
                return Result(Intent.SchemeInfo, [theOne], 0.65);
            if (scores[Intent.ListSchemes] > 0 && scores[Intent.ListSchemes] >= specific)
                return Result(Intent.ListSchemes, strongTopics, 0.7);
            if (oneClearScheme && topTopic >= 2.5)
                return Result(specific > 0 ? bestSpecific : Intent.SchemeInfo, [topics[0].SchemeId], 0.65);
            // A kind of help named on its own ("I want a loan", "pension chahiye") asks which schemes give it.
            bool kindOfHelp = evidence.TopicTargets.Any(t => t.StartsWith("category:", StringComparison.Ordinal));
            if (topTopic >= 1.5 || kindOfHelp)
                return Result(Intent.ListSchemes, strongTopics, 0.55);
        }

        // Content search as the last resort for an on-topic question ("scholarship for college" spelled unusually), when
        // words beyond the question itself are left: "how do I apply for it" has no topic to search for (asks which scheme).
        bool topicWords = words.Where((w, i) => !cuePositions.Contains(i) && !Pronouns.Contains(w) && !FoldedStopWords.Contains(w)).Any(w => w.Length >= 3);
        if (topicWords && (specific >= 2 || scores[Intent.ListSchemes] >= 2) && evidence.Content.Count > 0)
        {
            var content = evidence.Content.Where(c => c.Score >= 0.6).Select(c => c.SchemeId).Take(3).ToList();
            bool listy = scores[Intent.ListSchemes] >= specific;
            return Result(listy ? Intent.ListSchemes : bestSpecific, listy ? content : content.Take(1).ToList(), 0.4);
        }

        if (specific >= 2) return Result(bestSpecific, [], 0.3); // needs a scheme: the answer asks which one
        if (scores[Intent.Goodbye] >= 3) return Result(Intent.Goodbye, [], 0.6);
        if (scores[Intent.Greeting] >= 3) return Result(Intent.Greeting, [], 0.6);
        return Result(Intent.OutOfScope, [], 0.5);
    }

    /// <summary>
    /// The one scheme a caller's need points at when they did not name it and asked for no list ("ghar me gas nahi hai,
    /// mujhe milega?" → Ujjwala): a single clear topic word, not a broad kind of help. Empty when there is none.
    /// </summary>
    private static List<string> ClearNeed(SchemeEvidence evidence)
    {
        // Only words naming one scheme compete ("gas" against "SC"); a broad word said in passing ("ghar me gas nahi") does not.
        var direct = evidence.Topics.Where(t => evidence.TopicTargets.Contains(t.SchemeId)).ToList();
        if (direct.Count == 0 || direct[0].Score < 2.5 || direct[0].SchemeId != evidence.Topics[0].SchemeId && evidence.Topics[0].Score > direct[0].Score * 1.5) return [];
        return direct.Count == 1 || direct[1].Score < 0.7 * direct[0].Score ? [direct[0].SchemeId] : [];
    }

    /// <summary>
    /// Cue weight per intent. Within one intent each word counts once (overlapping cues such as "bhi milta" and
    /// "milta hai kya" are one piece of evidence, the heavier one); words that named the scheme are not also a
    /// question ("parivarik labh yojana" asks nothing about "labh"). <paramref name="cuePositions"/> receives the
    /// positions of the words that were cues.
    /// </summary>
    private static Dictionary<Intent, double> Score(IReadOnlyList<string> words, IReadOnlySet<int> namedPositions, HashSet<int> cuePositions,
        Dictionary<Intent, int> firstCue)
    {
        var scores = Enum.GetValues<Intent>().ToDictionary(i => i, i => 0.0);
        foreach (var group in Cues.Matches(words).GroupBy(m => m.Value))
        {
            var taken = new HashSet<int>();
            foreach (var (_, weight, start, length) in group.OrderByDescending(m => m.Weight).ThenByDescending(m => m.Length))
            {
                var span = Enumerable.Range(start, length).ToList();
                if (span.All(namedPositions.Contains) || span.Any(taken.Contains)) continue;
                taken.UnionWith(span);
                scores[group.Key] += weight;
                firstCue[group.Key] = Math.Min(firstCue.GetValueOrDefault(group.Key, int.MaxValue), start);
            }
            cuePositions.UnionWith(taken);
        }
        // Hindi yes/no questions open with "क्या" and close on the verb: "क्या … मिलेगी?" asks whether, not how much.
        if (words.Count > 2 && (words[0] == "kya" || words[1] == "kya"))
        {
            string last = words[^1] is "hai" or "he" or "h" or "hain" ? words[^2] : words[^1];
            if (YesNoVerbs.Contains(last)) scores[Intent.Eligibility] += 2;
        }
        return scores;
    }

    private static readonly HashSet<string> YesNoVerbs = new[]
    {
        "milega", "milegi", "milenge", "milta", "milti", "milte", "sakta", "sakti", "sakte", "jayega", "jaegi", "jayegi", "jaega",
        "मिलेगा", "मिलेगी", "मिलेंगे", "मिलता", "मिलती", "सकता", "सकती", "सकते", "जाएगा", "जाएगी",
    }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The named schemes, best first. Near-ties ("pm awas" fits Gramin and Urban) are settled by the caller's facts
    /// (a town dweller means Urban); for "can I get X" questions the scheme named last is the one asked about
    /// ("I took a Mudra loan last year, can I get Vishwakarma?").
    /// </summary>
    private List<string> Disambiguate(SchemeEvidence evidence, CallerProfile facts, Dictionary<Intent, double> scores)
    {
        var named = evidence.Named.Select(n => n.SchemeId).ToList();
        if (evidence.Candidates.Count == 0) return named;
        double top = evidence.Candidates[0].Score;
        // A near-tie is two schemes fitting the same words ("pm awas" → Gramin or Urban), not a second scheme that shares a
        // word ("card" in "Ayushman card").
        var close = evidence.Candidates.Where(c => c.Score >= 0.5 * top && c.Positions.SetEquals(evidence.Candidates[0].Positions)).ToList();
        if (close.Count > 1 && facts.FactCount > 0)
        {
            var fitting = close.Where(c => _snapshot.Find(c.SchemeId) is { } s &&
                Eligibility.EligibilityEvaluator.Evaluate(s, facts).Verdict != Eligibility.Verdict.NotEligible).ToList();
            if (fitting.Count > 0 && fitting[0].SchemeId != named[0])
                return [fitting[0].SchemeId, .. named.Where(n => n != fitting[0].SchemeId)];
        }
        bool whetherQuestion = scores[Intent.Eligibility] + scores[Intent.EligibilityCheckPersonal] > 0 || facts.StrongFactCount >= 2;
        if (named.Count > 1 && whetherQuestion)
        {
            return named.OrderByDescending(id => evidence.Candidates.First(c => c.SchemeId == id).Positions.DefaultIfEmpty(-1).Max()).ToList();
        }
        return named;
    }

    private static List<string> MergeRanked(List<string> first, IReadOnlyList<(string SchemeId, double Score)> then, int max)
    {
        var list = new List<string>(first);
        foreach (var (id, _) in then)
        {
            if (list.Count >= max) break;
            if (!list.Contains(id)) list.Add(id);
        }
        return list.Take(max).ToList();
    }

    /// <summary>Trims, drops control characters, cuts a monologue to its first part and flags garbage.</summary>
    public static (string Text, InputProblem Problem) Sanitize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return ("", InputProblem.Empty);
        var problem = InputProblem.None;
        var s = input.Length > MaxChars ? input[..MaxChars] : input;
        if (input.Length > MaxChars) problem = InputProblem.TooLong;
        var chars = s.Where(c => !char.IsControl(c) || c == ' ').Select(c => char.IsWhiteSpace(c) ? ' ' : c).ToArray();
        var clean = new string(chars).Trim();
        if (clean.Length == 0) return ("", InputProblem.Empty);
        int letters = clean.Count(char.IsLetterOrDigit);
        int odd = clean.Count(c => c == '\uFFFD' || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.PrivateUse);
        if (letters == 0 || odd > clean.Length / 4) return (clean, InputProblem.Unintelligible);
        return (clean, problem);
    }
}
