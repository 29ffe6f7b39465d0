namespace Saarthi.Speech.Stt.Grammar;

/// <summary>
/// Pronunciations for a grammar's vocabulary, and what must be added to the recogniser's dictionary for them:
/// <list type="bullet">
/// <item>CMUdict (the decoder's own dictionary file) for English words and number words;</item>
/// <item><see cref="RomanizedHindiLexicon"/> for romanized Hindi words, added as alternates even when CMUdict has an English reading;</item>
/// <item>letter-to-sound (espeak-ng's English rules, then romanized-Hindi rules) for words in neither;</item>
/// <item>letter names for acronyms ("KCC" → K EY S IY S IY), plus a word reading when the acronym is pronounceable ("NREGA").</item>
/// </list>
/// A word with no pronunciation from any source is reported in <see cref="Unpronounceable"/>; grammars drop phrases using it.
/// </summary>
public sealed class PronunciationLexicon
{
    /// <summary>At most this many pronunciations are kept per word: more only make words easier to confuse.</summary>
    public const int MaxVariants = 4;

    private readonly Dictionary<string, IReadOnlyList<string>> _pronunciations;
    private readonly Dictionary<string, int> _baseCounts;

    private PronunciationLexicon(
        Dictionary<string, IReadOnlyList<string>> pronunciations,
        Dictionary<string, int> baseCounts,
        Dictionary<string, string> unpronounceable,
        Dictionary<string, string> sources)
    {
        _pronunciations = pronunciations;
        _baseCounts = baseCounts;
        Unpronounceable = unpronounceable;
        Sources = sources;
    }

    /// <summary>Every pronounceable word with all its pronunciations, dictionary ones first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Pronunciations => _pronunciations;

    /// <summary>Words no source could pronounce, with why.</summary>
    public IReadOnlyDictionary<string, string> Unpronounceable { get; }

    /// <summary>Where each word's pronunciations came from ("cmudict", "cmudict+hindi-lexicon", "espeak-ng:en-us+rules"…).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>
    /// The entries to add to the decoder's dictionary, named as pocketsphinx wants them: a new word as itself, extra
    /// pronunciations of a known word as <c>word(n)</c> after the ones its dictionary already has.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> DictionaryAdditions()
    {
        foreach (var (word, variants) in _pronunciations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var existing = _baseCounts.GetValueOrDefault(word);
            for (var i = existing; i < variants.Count; i++)
            {
                yield return new(i == 0 ? word : $"{word}({i + 1})", variants[i]);
            }
        }
    }

    /// <summary>
    /// Builds the lexicon for <paramref name="vocabulary"/> from the CMUdict file at <paramref name="dictionaryPath"/>.
    /// Romanized-Hindi rules (<see cref="RomanizedHindiLetterToSound"/>) are used only for words in
    /// <paramref name="romanizedWords"/> (the words of scheme names; null: every word) — on English words such as
    /// "helpline" they only add wrong readings.
    /// </summary>
    public static PronunciationLexicon Build(
        IEnumerable<SpokenWord> vocabulary, string dictionaryPath, IReadOnlyList<ILetterToSound> letterToSound, IReadOnlySet<string>? romanizedWords = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(letterToSound);
        var words = vocabulary.GroupBy(w => w.Text, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var stems = words.Where(w => w.Text.EndsWith("'s", StringComparison.Ordinal)).Select(w => w.Text[..^2]);
        var cmudict = ReadDictionary(dictionaryPath, [.. words.Select(w => w.Text), .. stems]);

        // Letter-to-sound runs once per source for every word that needs it (espeak-ng is a process per batch).
        // Words get letter-to-sound readings even when CMUdict has them: its readings are American ("indira" IH N D IH R AH,
        // "number" N AH M B ER); callers' and the kiosk voice's often are not. Identical readings collapse.
        var needGuess = words.Where(w => w.Kind is SpokenWordKind.Acronym or SpokenWordKind.Word
                || (!cmudict.ContainsKey(w.Text) && !StemKnown(w.Text, cmudict)))
            .Select(w => w.Kind == SpokenWordKind.Acronym ? w.Written : w.Text)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var guesses = letterToSound.Select(l => (l.Name, Result: l.Pronounce(needGuess))).ToList();

        var pronunciations = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var baseCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var unpronounceable = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var fromDictionary = cmudict.GetValueOrDefault(word.Text) ?? [];
            var variants = new List<string>(fromDictionary);
            var used = new List<string>();
            if (fromDictionary.Count > 0)
            {
                used.Add("cmudict");
            }

            void Add(IEnumerable<string> candidates, string source)
            {
                var before = variants.Count;
                foreach (var c in candidates)
                {
                    if (Arpabet.IsValid(c) && !variants.Contains(c, StringComparer.Ordinal))
                    {
                        variants.Add(c);
                    }
                }

                if (variants.Count > before)
                {
                    used.Add(source);
                }
            }

            Add(RomanizedHindiLexicon.Lookup(word.Text), "hindi-lexicon");
            if (word.Kind == SpokenWordKind.Acronym)
            {
                Add(Arpabet.Spell(word.Written), "letters");
            }

            if (variants.Count == 0 && word.Text.EndsWith("'s", StringComparison.Ordinal) && cmudict.TryGetValue(word.Text[..^2], out var stem))
            {
                Add(stem.Select(p => p + (p.EndsWith('S') || p.EndsWith('Z') ? " IH Z" : " Z")), "cmudict-stem");
            }

            if (needGuess.Contains(word.Kind == SpokenWordKind.Acronym ? word.Written : word.Text))
            {
                var key = word.Kind == SpokenWordKind.Acronym ? word.Written : word.Text;
                foreach (var (name, result) in guesses)
                {
                    // Rules only where the hand-made lexicon is silent, and for an acronym only when it has a vowel to read ("NREGA", not "KCC").
                    var rules = name.StartsWith("romanized", StringComparison.Ordinal);
                    if (rules && (RomanizedHindiLexicon.Lookup(word.Text).Count > 0 || fromDictionary.Count > 0
                        || (romanizedWords is not null && !romanizedWords.Contains(word.Text))
                        || (word.Kind == SpokenWordKind.Acronym && !PronounceableAcronym(word.Text))))
                    {
                        continue;
                    }

                    if (result.TryGetValue(key, out var guessed))
                    {
                        Add(guessed, name);
                    }
                }
            }

            if (variants.Count == 0)
            {
                unpronounceable[word.Text] = "not in the dictionary and no letter-to-sound reading";
                continue;
            }

            // Keep every dictionary entry (the decoder has them anyway) and cap what is added.
            var keep = Math.Max(fromDictionary.Count, Math.Min(variants.Count, MaxVariants));
            pronunciations[word.Text] = variants.Take(keep).ToList();
            baseCounts[word.Text] = fromDictionary.Count;
            sources[word.Text] = string.Join('+', used);
        }

        return new PronunciationLexicon(pronunciations, baseCounts, unpronounceable, sources);
    }

    /// <summary>An acronym read as a word ("NREGA"): at least four letters and a vowel among the first three.</summary>
    private static bool PronounceableAcronym(string text) =>
        text.Length >= 4 && text.AsSpan(0, 3).IndexOfAny("aeiou") >= 0;

    private static bool StemKnown(string word, Dictionary<string, List<string>> cmudict) =>
        word.EndsWith("'s", StringComparison.Ordinal) && cmudict.ContainsKey(word[..^2]);

    /// <summary>Reads only the entries of <paramref name="wanted"/> from a CMUdict-format file (<c>word(2) PH PH</c>), alternates in order.</summary>
    internal static Dictionary<string, List<string>> ReadDictionary(string path, IEnumerable<string> wanted)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var set = new HashSet<string>(wanted, StringComparer.Ordinal);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var name = line[..space];
            var open = name.IndexOf('(', StringComparison.Ordinal);
            var word = open > 0 ? name[..open] : name;
            if (!set.Contains(word))
            {
                continue;
            }

            var phones = line[(space + 1)..];
            var hash = phones.IndexOf('#', StringComparison.Ordinal);
            phones = string.Join(' ', (hash >= 0 ? phones[..hash] : phones).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (!result.TryGetValue(word, out var list))
            {
                result[word] = list = [];
            }

            list.Add(phones);
        }

        return result;
    }
}
