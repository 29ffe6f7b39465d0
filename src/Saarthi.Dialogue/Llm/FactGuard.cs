using System.Globalization;
using System.Text.RegularExpressions;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Llm;

/// <summary>The facts a generated text may state: numbers and scheme names.</summary>
/// <param name="SchemeIds">The schemes the answer is about (the only ones it may name).</param>
/// <param name="Numbers">Every value the facts (and the caller) state.</param>
/// <param name="DescriptorWords">Folded words of the allowed schemes' records (names, aliases, summary, benefits, criteria, documents, steps).</param>
/// <param name="Acronyms">Acronyms the facts themselves use ("MGNREGA job card" in a housing scheme's documents).</param>
public sealed record FactSheet(IReadOnlyList<string> SchemeIds, IReadOnlySet<decimal> Numbers, IReadOnlySet<string> DescriptorWords, IReadOnlySet<string> Acronyms);

/// <summary>The guard's verdict on a text: accepted, or the unsupported things it found.</summary>
public sealed record GuardVerdict(bool Accepted, IReadOnlyList<string> Problems)
{
    public static GuardVerdict Ok { get; } = new(true, []);

    public string Reason => Accepted ? "accepted" : string.Join("; ", Problems);
}

/// <summary>
/// Checks generated text against the facts it was given. Every number (digits in any script, amounts with lakh/crore,
/// number words that make an amount or a quantity, phone numbers) must be one the facts or the caller stated; every
/// scheme the text names must be one of the schemes answered about; a "… Yojana / scheme / मिशन" or "Pradhan Mantri …"
/// name that is not theirs, or another snapshot scheme's name, is unsupported. Anything unsupported rejects the text.
/// </summary>
public sealed partial class FactGuard
{
    private static readonly HashSet<string> NameKeywords = Fold(
        "yojana", "yojna", "scheme", "mission", "abhiyan", "nidhi", "karyakram", "programme", "program", "pension", "bima", "card",
        "योजना", "मिशन", "अभियान", "निधि", "कार्यक्रम", "पेंशन", "बीमा", "छात्रवृत्ति", "कार्ड");

    private static readonly HashSet<string> NameStarters = Fold("pradhan", "mantri", "pm", "mukhyamantri", "प्रधानमंत्री", "मुख्यमंत्री", "पीएम");

    /// <summary>Words that make "… scheme" generic ("this scheme", "इस योजना").</summary>
    private static readonly HashSet<string> Generic = Fold(
        "this", "that", "the", "a", "an", "any", "other", "another", "government", "central", "state", "same", "which", "each", "every",
        "our", "your", "its", "their", "such", "new", "welfare", "these", "those", "one", "two", "both", "under", "of", "for", "from",
        "in", "about", "apply", "name", "called", "is", "are", "was", "scheme", "schemes", "yojana", "sarkari", "sarkar",
        "इस", "यह", "ये", "वह", "वो", "उस", "इन", "उन", "किसी", "कोई", "अन्य", "दूसरी", "दूसरा", "सरकारी", "सरकार", "हर", "सभी", "कौन",
        "किस", "इसी", "उसी", "नाम", "आपकी", "आपके", "आपका", "केंद्र", "राज्य");

    private static readonly HashSet<string> Stop = StopWords.All.Select(TextFold.FoldWord).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);

    private readonly Snapshot snapshot;
    private readonly List<(string SchemeId, string Phrase, string[] Words)> names = [];
    private readonly List<(string SchemeId, string Acronym)> acronyms = [];
    private readonly Dictionary<string, HashSet<string>> nameWords = new(StringComparer.Ordinal);

    public FactGuard(Snapshot snapshot)
    {
        this.snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        foreach (var s in snapshot.Schemes)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            var phrases = s.Names.Full.Values.Concat(s.Names.Aliases).Concat([s.Names.ShortName("en"), s.Names.ShortName("hi")])
                .Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal);
            foreach (var phrase in phrases)
            {
                var folded = TextFold.Words(phrase).Where(w => !IsNumber(w)).ToArray();
                words.UnionWith(folded);

                // Acronyms ("SSY", "PM-KISAN", "PMAY-G") fold to a few consonants that ordinary words share: they are
                // matched as written, whole words, case-sensitively.
                foreach (var raw in AcronymWord().Matches(phrase).Select(m => m.Value).Where(a => a.Count(char.IsLetter) >= 3))
                {
                    acronyms.Add((s.Id, raw));
                }

                var isAcronym = AcronymWord().IsMatch(phrase) && AcronymWord().Match(phrase).Length == phrase.Trim().Length;
                if (!isAcronym && (folded.Length >= 2 || (folded.Length == 1 && folded[0].Length >= 5)))
                {
                    names.Add((s.Id, phrase, folded));
                }
            }

            nameWords[s.Id] = words;
        }
    }

    /// <summary>
    /// The facts of an answer: the schemes it is about (their names, aliases, amounts, helplines, and the texts given to
    /// the model), plus what the caller said (their question and known facts — "at 62 you…" is their own number).
    /// </summary>
    public FactSheet Sheet(IEnumerable<string> schemeIds, IEnumerable<string> factTexts, string? callerText = null, CallerProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(schemeIds);
        ArgumentNullException.ThrowIfNull(factTexts);
        var ids = schemeIds.Distinct(StringComparer.Ordinal).ToList();
        var numbers = new HashSet<decimal>();
        var descriptors = new HashSet<string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in factTexts)
        {
            numbers.UnionWith(NumberMentions.Values(text));
            used.UnionWith(AcronymWord().Matches(text).Select(m => m.Value));
        }

        foreach (var scheme in ids.Select(snapshot.Find).OfType<Scheme>())
        {
            foreach (var text in scheme.Names.Full.Values.Concat(scheme.Names.Aliases))
            {
                numbers.UnionWith(NumberMentions.Values(text));
            }

            foreach (var b in scheme.Benefits)
            {
                if (b.AmountInr is { } a)
                {
                    numbers.Add(a);
                }

                if (b.AmountMaxInr is { } m)
                {
                    numbers.Add(m);
                }
            }

            foreach (var h in scheme.Helplines)
            {
                numbers.UnionWith(NumberMentions.Values(h.Number));
                if (Digits(h.Number) is { Length: > 0 } digits)
                {
                    numbers.Add(decimal.Parse(digits, CultureInfo.InvariantCulture));
                }
            }

            descriptors.UnionWith(nameWords[scheme.Id]);
            foreach (var text in RecordTexts(scheme).Concat(scheme.Names.Full.Values).Concat(scheme.Names.Aliases))
            {
                descriptors.UnionWith(TextFold.Words(text));
                used.UnionWith(AcronymWord().Matches(text).Select(m => m.Value));
            }
        }

        numbers.UnionWith(NumberMentions.Values(callerText));
        if (profile is not null)
        {
            foreach (var v in new decimal?[] { profile.Age, profile.AnnualIncomeInr, profile.MonthlyIncomeInr, (decimal?)profile.LandHectare, profile.DisabilityPercent, profile.StudentClass, profile.MarksPercent })
            {
                if (v is { } value)
                {
                    numbers.Add(value);
                }
            }
        }

        return new FactSheet(ids, numbers, descriptors, used);
    }

    /// <summary>Checks <paramref name="text"/> against <paramref name="sheet"/>.</summary>
    public GuardVerdict Check(string text, FactSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sheet);
        var problems = new List<string>();
        foreach (var m in NumberMentions.Find(text))
        {
            var supported = sheet.Numbers.Contains(m.Value) || (m.IsPhone && m.Parts.All(sheet.Numbers.Contains));
            if (!supported)
            {
                problems.Add($"'{m.Text}' is not in the facts");
            }
        }

        foreach (var sentence in SentenceBreak().Split(text))
        {
            var words = TextFold.Words(sentence);
            CheckNamedSchemes(words, sheet, problems);
            CheckNameLikePhrases(words, sheet, problems);
        }

        foreach (var (id, acronym) in acronyms)
        {
            if (!sheet.SchemeIds.Contains(id) && !sheet.Acronyms.Contains(acronym) &&
                Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}-]){Regex.Escape(acronym)}(?![\p{{L}}\p{{N}}-])"))
            {
                problems.Add($"names {id} ('{acronym}'), which is not in the facts");
            }
        }

        return problems.Count == 0 ? GuardVerdict.Ok : new GuardVerdict(false, [.. problems.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Snapshot schemes named in the words that are not the ones answered about.</summary>
    private void CheckNamedSchemes(List<string> words, FactSheet sheet, List<string> problems)
    {
        foreach (var (id, phrase, phraseWords) in names)
        {
            if (sheet.SchemeIds.Contains(id) || !Contains(words, phraseWords))
            {
                continue;
            }

            // "crop insurance" describing the allowed scheme in its own words is not naming another one.
            if (phraseWords.All(sheet.DescriptorWords.Contains))
            {
                continue;
            }

            problems.Add($"names {id} ('{phrase}'), which is not in the facts");
        }
    }

    /// <summary>"<words> Yojana" and "Pradhan Mantri <words>": the words must describe an allowed scheme.</summary>
    private void CheckNameLikePhrases(List<string> words, FactSheet sheet, List<string> problems)
    {
        for (var i = 0; i < words.Count; i++)
        {
            List<string> candidate;
            if (NameKeywords.Contains(words[i]))
            {
                candidate = [];
                for (var j = i - 1; j >= 0 && i - j <= 4; j--)
                {
                    var w = words[j];
                    if (Generic.Contains(w) || Stop.Contains(w) || NameKeywords.Contains(w))
                    {
                        break;
                    }

                    if (!IsNumber(w) && !NameStarters.Contains(w))
                    {
                        candidate.Insert(0, w);
                    }
                }
            }
            else if (NameStarters.Contains(words[i]) && (i == 0 || !NameStarters.Contains(words[i - 1])))
            {
                // "Pradhan Mantri X…", "PM-X": the first word after the title must be one of the scheme's own.
                candidate = [];
                var j = i + 1;
                while (j < words.Count && (NameStarters.Contains(words[j]) || IsNumber(words[j])))
                {
                    j++;
                }

                if (j < words.Count && !NameKeywords.Contains(words[j]) && !Generic.Contains(words[j]) && !Stop.Contains(words[j]))
                {
                    candidate.Add(words[j]);
                }
            }
            else
            {
                continue;
            }

            if (candidate.Count == 0 || candidate.All(sheet.DescriptorWords.Contains))
            {
                continue;
            }

            var other = nameWords.Where(kv => !sheet.SchemeIds.Contains(kv.Key) && candidate.All(kv.Value.Contains)).Select(kv => kv.Key).FirstOrDefault();
            var shown = string.Join(' ', candidate) + (NameKeywords.Contains(words[i]) ? " " + words[i] : string.Empty);
            problems.Add(other is null ? $"unknown scheme name '{shown}'" : $"names {other} ('{shown}'), which is not in the facts");
        }
    }

    /// <summary>Every text of a scheme's record, in every language: words from it describe that scheme.</summary>
    private static IEnumerable<string> RecordTexts(Scheme s) =>
        s.CategoryLabel.Values.Values
            .Concat(s.Summary.Values.Values)
            .Concat(s.Benefits.SelectMany(b => b.Text.Values.Values))
            .Concat(new[] { s.Criteria, s.Exclusions, s.Documents, s.ApplicationSteps }.SelectMany(l => l.Values.Values.SelectMany(v => v)))
            .Concat(s.Helplines.Select(h => h.Label));

    private static bool Contains(List<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            var match = true;
            for (var k = 0; k < phrase.Length && match; k++)
            {
                match = words[i + k] == phrase[k];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(string folded) => folded.Length > 0 && folded.All(c => char.IsAsciiDigit(c) || c == '.');

    private static string Digits(string s) => new(s.Where(char.IsAsciiDigit).ToArray());

    private static HashSet<string> Fold(params string[] words) =>
        words.Select(TextFold.FoldWord).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<=[.।?!;:])\s+|\n+")]
    private static partial Regex SentenceBreak();

    /// <summary>An upper-case acronym of three or more letters, with digits and hyphens ("SSY", "PM-KISAN", "PMAY-G").</summary>
    [GeneratedRegex(@"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")]
    private static partial Regex AcronymWord();
}
