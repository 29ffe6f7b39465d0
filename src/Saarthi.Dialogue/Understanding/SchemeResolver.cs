using Saarthi.Knowledge;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>Which schemes an utterance is about, by three kinds of evidence, strongest first.</summary>
public sealed record SchemeEvidence(
    IReadOnlyList<(string SchemeId, double Score)> Named,
    IReadOnlyList<NameCandidate> Candidates,
    IReadOnlySet<int> NamedPositions,
    IReadOnlyList<(string SchemeId, double Score)> Topics,
    IReadOnlyList<string> TopicTargets,
    IReadOnlyList<(string SchemeId, double Score)> Content)
{
    public bool HasName => Named.Count > 0;
}

/// <summary>A scheme whose name matched: its score and the word positions it was matched on.</summary>
public sealed record NameCandidate(string SchemeId, double Score, IReadOnlySet<int> Positions);

/// <summary>
/// Resolves scheme mentions: (1) names and aliases from the snapshot, matched word by word after folding, each
/// word weighted by how few schemes share it (so "maandhan" decides and "pradhan mantri" does not), tolerant of
/// recogniser errors ("narega" = "nrega"); (2) everyday topic words ("ठेला", "hospital"); (3) full-text search
/// over the scheme texts.
/// </summary>
public sealed class SchemeResolver
{
    private const double MinCoverage = 0.6;
    private readonly Snapshot _snapshot;
    private readonly IKnowledgeBase? _kb;
    private readonly List<NamePhrase> _phrases = [];
    private readonly HashSet<string> _nameWords = new(StringComparer.Ordinal);
    private readonly PhraseMatcher<string> _topics = TopicLexicon.Build();
    private static readonly HashSet<string> FoldedStopWords = StopWords.All.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    /// <param name="Acronym">Lower case, when the phrase is one all-capitals abbreviation ("KCC", "SSY"): it names the
    /// scheme even though it folds to a short key ("kc", "sy" — as "सी" does), when the caller said exactly those letters.</param>
    private sealed record NamePhrase(string SchemeId, string[] Words, double[] Weights, string? Acronym);

    public SchemeResolver(Snapshot snapshot, IKnowledgeBase? kb = null)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        _kb = kb;
        var raw = new List<(string Id, string[] Words, string? Acronym)>();
        foreach (var s in snapshot.Schemes)
        {
            foreach (var phrase in NamesOf(s))
            {
                var words = TextFold.Words(phrase).Where(w => !FoldedStopWords.Contains(w)).Distinct().ToArray();
                if (words.Length > 0) raw.Add((s.Id, words, AcronymOf(phrase)));
            }
        }
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in raw.GroupBy(r => r.Id))
            foreach (var w in g.SelectMany(r => r.Words).Distinct())
                df[w] = df.GetValueOrDefault(w) + 1;
        int n = Math.Max(1, snapshot.Schemes.Count);
        foreach (var (_, words, _) in raw) _nameWords.UnionWith(words.Where(w => w.Length >= 3 && !char.IsAsciiDigit(w[0])));
        foreach (var (id, words, acronym) in raw)
            _phrases.Add(new NamePhrase(id, words, words.Select(w => Math.Log(1 + (double)n / df[w])).ToArray(), acronym));
    }

    private static string? AcronymOf(string phrase)
    {
        var t = phrase.Trim();
        bool acronym = t.Length >= 3 && t.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)) && char.IsAsciiLetterUpper(t[0]);
        return acronym ? t.ToLowerInvariant() : null;
    }

    /// <summary>The caller's words in lower case, before folding (which would make "ssy" and "si" one key).</summary>
    private static HashSet<string> SaidLetters(string text) =>
        TextFold.RawWords(text).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> NamesOf(Scheme s)
    {
        foreach (var full in s.Names.Full.Values)
        {
            yield return full;
            int open = full.IndexOf('(', StringComparison.Ordinal);
            var name = open > 0 ? full[..open] : full;
            if (open > 0)
            {
                yield return name;
                yield return full[(open + 1)..].TrimEnd(')');
            }
            // "Ayushman Bharat – Pradhan Mantri Jan Arogya Yojana (AB PM-JAY)": either half alone names it, but a one-word
            // half ("– Urban", "– शहरी") is a qualifier, not a name.
            foreach (var part in name.Split(" – ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (part.Contains(' ', StringComparison.Ordinal)) yield return part;
            foreach (var part in full.Split(" – ", StringSplitOptions.RemoveEmptyEntries)) yield return part;
        }
        foreach (var a in s.Names.Aliases) yield return a;
        yield return s.Id.Replace('-', ' ');
    }

    /// <summary>
    /// Mends the spacing a recogniser gets wrong in scheme names: "kisaansamman nidhi" → "kisaan samman nidhi", "aayush man
    /// card" → "aayushman card", "swa nidhi" → "swanidhi". Only where the result is made of words from the snapshot's names
    /// and the original was not; everything else is left as it was said. Abbreviations spelled letter by letter ("k c c
    /// loan", "s.s.y.") become one word too, so every later step (names, cues, facts) sees the same words.
    /// </summary>
    public string RepairNameSpacing(string text)
    {
        var tokens = JoinSpelledLetters(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var mended = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (i + 1 < tokens.Count && !IsNameWord(token) && IsLetters(token) && IsLetters(tokens[i + 1])
                && TextFold.FoldWord(token + tokens[i + 1]) is { Length: >= 6 } joined && _nameWords.Contains(joined))
            {
                mended.Add(token + tokens[++i]);
                continue;
            }
            mended.Add(SplitRunTogether(token));
        }
        return string.Join(' ', mended);
    }

    /// <summary>"k c c" → "kcc", "s.s.y." → "ssy": two or more single Latin letters in a row are one abbreviation.</summary>
    private static List<string> JoinSpelledLetters(string[] tokens)
    {
        var joined = new List<string>(tokens.Length);
        for (int i = 0; i < tokens.Length;)
        {
            string whole = SpelledOut(tokens[i]);
            if (whole.Length >= 2) { joined.Add(whole); i++; continue; } // "s.s.y."
            var letters = new System.Text.StringBuilder();
            int end = i;
            while (end < tokens.Length && SpelledOut(tokens[end]) is { Length: 1 } letter) { letters.Append(letter); end++; }
            if (letters.Length >= 2) { joined.Add(letters.ToString()); i = end; }
            else joined.Add(tokens[i++]);
        }
        return joined;
    }

    /// <summary>The letters of a token made only of single Latin letters, each optionally followed by a dot; else "".</summary>
    private static string SpelledOut(string token)
    {
        var t = token.TrimEnd('?', ',', '!');
        if (t.Length == 1 && char.IsAsciiLetter(t[0])) return t;
        var parts = t.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return t.Contains('.', StringComparison.Ordinal) && parts.Length >= 2 && parts.All(p => p.Length == 1 && char.IsAsciiLetter(p[0]))
            ? string.Concat(parts) : "";
    }

    private string SplitRunTogether(string token)
    {
        if (token.Length < 7 || !IsLetters(token) || IsNameWord(token)) return token;
        for (int cut = 3; cut <= token.Length - 3; cut++)
        {
            if (char.GetUnicodeCategory(token[cut]) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
                continue; // never between a consonant and its vowel sign
            if (IsNameWord(token[..cut]) && IsNameWord(token[cut..])) return token[..cut] + " " + token[cut..];
        }
        return token;
    }

    private bool IsNameWord(string raw) => TextFold.FoldWord(raw) is { Length: >= 3 } f && _nameWords.Contains(f);

    private static bool IsLetters(string token) => token.Length > 0 && token.All(char.IsLetter);

    public SchemeEvidence Resolve(IReadOnlyList<string> words, string text)
    {
        var named = MatchNames(words, SaidLetters(text), out var candidates);
        // Words said together as a scheme's name ("widow pension") are the name; the same words scattered through a
        // sentence ("my mother is a widow … what pension") still describe the caller.
        var positions = new HashSet<int>();
        foreach (var c in candidates.Where(c => named.Any(n => n.Item1 == c.SchemeId) && c.Positions.Count > 0 && c.Positions.Max() - c.Positions.Min() == c.Positions.Count - 1))
            positions.UnionWith(c.Positions);
        return new SchemeEvidence(named, candidates, positions, MatchTopics(words, out var targets), targets, MatchContent(text));
    }

    private List<(string, double)> MatchNames(IReadOnlyList<string> words, HashSet<string> saidLetters, out List<NameCandidate> candidates)
    {
        var best = new Dictionary<string, (double Score, double Coverage, HashSet<int> Used)>(StringComparer.Ordinal);
        foreach (var p in _phrases)
        {
            double total = 0, matched = 0, matchedWeight = 0;
            var used = new HashSet<int>();
            for (int i = 0; i < p.Words.Length; i++)
            {
                total += p.Weights[i];
                double sim = 0;
                int at = -1;
                for (int j = 0; j < words.Count; j++)
                {
                    double s = Fuzzy.Similarity(words[j], p.Words[i]);
                    if (s > sim) { sim = s; at = j; }
                }
                if (sim > 0) { matched += sim * p.Weights[i]; matchedWeight += p.Weights[i]; used.Add(at); }
            }
            double coverage = total == 0 ? 0 : matched / total;
            // Two-letter keys ("pm", "si" from "SSY") collide with everyday words ("सी"): they never name a scheme alone.
            // An abbreviation said exactly ("kcc", "SSY") is the exception.
            bool onlyShort = used.All(j => words[j].Length < 3 && !char.IsAsciiDigit(words[j][0]))
                && !(p.Acronym is { } acronym && saidLetters.Contains(acronym));
            if (coverage < MinCoverage || matchedWeight < 1.5 || onlyShort) continue;
            double score = coverage * coverage * matched;
            // Said as a phrase ("pm kisan", words together and in order) beats the same words scattered.
            if (used.Count > 1 && used.Max() - used.Min() == used.Count - 1) score *= 1.5;
            if (!best.TryGetValue(p.SchemeId, out var cur) || score > cur.Score) best[p.SchemeId] = (score, coverage, used);
        }
        var ranked = best.OrderByDescending(kv => kv.Value.Score).ToList();
        candidates = ranked.Select(kv => new NameCandidate(kv.Key, kv.Value.Score, kv.Value.Used)).ToList();
        var result = new List<(string, double)>();
        var taken = new HashSet<int>();
        foreach (var (id, (score, coverage, used)) in ranked)
        {
            if (result.Count == 0) { result.Add((id, score)); taken.UnionWith(used); continue; }
            // A second scheme counts only when it was named with words of its own ("PMJJBY and PMSBY").
            if (coverage >= 0.85 && !used.Overlaps(taken) && score >= 0.5 * result[0].Item2)
            {
                result.Add((id, score));
                taken.UnionWith(used);
            }
        }
        return result;
    }

    private List<(string, double)> MatchTopics(IReadOnlyList<string> words, out IReadOnlyList<string> targets)
    {
        var votes = new Dictionary<string, double>(StringComparer.Ordinal);
        var seenTargets = new List<string>();
        foreach (var (target, weight, start, length) in _topics.Matches(words))
        {
            if (!seenTargets.Contains(target)) seenTargets.Add(target);
            bool broad = target.Contains(':', StringComparison.Ordinal);
            var cue = words.Skip(start).Take(length).ToList();
            foreach (var id in Expand(target))
            {
                // Within a category, a scheme whose own name carries the caller's word ("pension") is the better match.
                double w = !broad ? weight : NameContains(id, cue) ? 0.8 * weight : 0.4 * weight;
                votes[id] = votes.GetValueOrDefault(id) + w;
            }
        }
        targets = seenTargets;
        return votes.OrderByDescending(kv => kv.Value).ThenBy(kv => Position(kv.Key)).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private bool NameContains(string schemeId, List<string> cue) =>
        _phrases.Any(p => p.SchemeId == schemeId && cue.All(c => p.Words.Contains(c)));

    /// <summary>The scheme ids a topic target stands for in the current snapshot.</summary>
    public IEnumerable<string> Expand(string target)
    {
        if (target.StartsWith("category:", StringComparison.Ordinal))
        {
            var cat = target["category:".Length..];
            return _snapshot.Schemes.Where(s => s.Category == cat || s.Category.StartsWith(cat + "_", StringComparison.Ordinal)).Select(s => s.Id);
        }
        if (target.StartsWith("group:", StringComparison.Ordinal))
        {
            Func<EligibilityRules, bool> pick = target["group:".Length..] switch
            {
                "women" => r => r.Gender.Contains("female") && !r.Gender.Contains("any"),
                "poor" => r => r.PoorOrBplRequired == true,
                "disabled" => r => r.DisabilityRequired == true,
                "students" => r => r.Student == true,
                _ => _ => false,
            };
            return _snapshot.Schemes.Where(s => s.Rules is { } r && pick(r)).Select(s => s.Id);
        }
        return _snapshot.Find(target) is null ? [] : [target];
    }

    private List<(string, double)> MatchContent(string text)
    {
        if (_kb is null || string.IsNullOrWhiteSpace(text)) return [];
        var hits = _kb.Search(text, 5);
        if (hits.Count == 0) return [];
        double top = hits[0].Score;
        return hits.Select(h => (h.SchemeId, top <= 0 ? 0 : h.Score / top)).ToList();
    }

    public int Position(string schemeId)
    {
        for (int i = 0; i < _snapshot.Schemes.Count; i++) if (_snapshot.Schemes[i].Id == schemeId) return i;
        return int.MaxValue;
    }
}
