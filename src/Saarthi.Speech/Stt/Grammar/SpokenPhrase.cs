using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saarthi.Speech.Stt.Grammar;

/// <summary>How a word entered a phrase: it decides where its pronunciations come from.</summary>
public enum SpokenWordKind
{
    /// <summary>An ordinary word (dictionary first, letter-to-sound when missing).</summary>
    Word,

    /// <summary>Written in capitals ("PMJAY", "KCC", "SC"): said letter by letter, and as a word when it looks pronounceable ("NREGA").</summary>
    Acronym,

    /// <summary>A number word generated from digits ("6000" → "six thousand").</summary>
    Number,
}

/// <summary>One recognisable word of a phrase: lower case (the dictionary's spelling) plus how it was written.</summary>
public sealed record SpokenWord(string Text, string Written, SpokenWordKind Kind);

/// <summary>
/// A phrase turned into what a recogniser can listen for: lower-case words in the dictionary's alphabet, digits
/// spelled out, acronyms marked, and a JSGF expression that also accepts the usual spoken variants of its numbers.
/// Phrases in other scripts (Devanagari…) are refused: the English acoustic model and dictionary cannot say them.
/// </summary>
public sealed partial class SpokenPhrase
{
    private SpokenPhrase(string written, IReadOnlyList<SpokenWord> words, IReadOnlyList<SpokenWord> vocabulary, string jsgf)
    {
        Written = written;
        Words = words;
        Vocabulary = vocabulary;
        Jsgf = jsgf;
    }

    /// <summary>The phrase as given.</summary>
    public string Written { get; }

    /// <summary>The canonical word sequence ("four hundred thirty six wala bima").</summary>
    public IReadOnlyList<SpokenWord> Words { get; }

    /// <summary>Every word the JSGF expression can use (variants included).</summary>
    public IReadOnlyList<SpokenWord> Vocabulary { get; }

    /// <summary>The JSGF expression (no rule name, no semicolon).</summary>
    public string Jsgf { get; }

    /// <summary>The canonical words joined by spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));

    public override string ToString() => Text;

    /// <summary>
    /// Parses <paramref name="written"/>; <see langword="null"/> (with <paramref name="reason"/>) when it has no Latin
    /// words or contains another script.
    /// </summary>
    public static SpokenPhrase? TryParse(string written, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(written);
        reason = null;
        var folded = FoldToAscii(written);
        if (folded is null)
        {
            reason = "not in Latin script";
            return null;
        }

        var words = new List<SpokenWord>();
        var vocabulary = new List<SpokenWord>();
        var jsgf = new List<string>();
        foreach (Match m in TokenPattern().Matches(folded))
        {
            var token = m.Value;
            if (DecimalPattern().IsMatch(token))
            {
                // "2.0" → "two point zero" (espeak) or "two point oh".
                var parts = token.Split('.');
                var whole = long.Parse(parts[0], CultureInfo.InvariantCulture);
                AddNumber(whole, words, vocabulary, jsgf);
                AddWord(new SpokenWord("point", "point", SpokenWordKind.Number), words, vocabulary, jsgf);
                var fraction = parts[1].Select(c => NumberWords.Digits[c - '0']).ToList();
                foreach (var digit in fraction)
                {
                    words.Add(new SpokenWord(digit, digit, SpokenWordKind.Number));
                    vocabulary.Add(words[^1]);
                }

                jsgf.Add(string.Join(' ', fraction.Select(d => d == "zero" ? "( zero | oh )" : d)));
                vocabulary.Add(new SpokenWord("oh", "oh", SpokenWordKind.Number));
                continue;
            }

            if (NumberWords.TryParse(token, out var value, out var ordinal))
            {
                if (ordinal)
                {
                    foreach (var w in NumberWords.ToOrdinalWords(value).Split(' '))
                    {
                        AddWord(new SpokenWord(w, token, SpokenWordKind.Number), words, vocabulary, jsgf);
                    }
                }
                else
                {
                    AddNumber(value, words, vocabulary, jsgf);
                }

                continue;
            }

            if (!token.Any(char.IsAsciiLetter))
            {
                continue;
            }

            var lower = token.ToLowerInvariant();
            var isAcronym = token.Length >= 2 && token.All(c => char.IsAsciiLetterUpper(c))
                || (token.Length == 1 && char.IsAsciiLetterUpper(token[0]) && token != "I" && token != "A");
            AddWord(new SpokenWord(lower, token, isAcronym ? SpokenWordKind.Acronym : SpokenWordKind.Word), words, vocabulary, jsgf);
        }

        if (words.Count == 0)
        {
            reason = "no words";
            return null;
        }

        return new SpokenPhrase(written, words, vocabulary.DistinctBy(w => w.Text).ToList(), string.Join(' ', jsgf));
    }

    /// <summary>Lower-case words of a transcript or phrase for comparisons ("What is PM-Kisan?" → what, is, pm, kisan).</summary>
    public static IReadOnlyList<string> WordsOf(string text) =>
        TryParse(text, out _) is { } phrase ? phrase.Words.Select(w => w.Text).ToList() : [];

    private static void AddWord(SpokenWord word, List<SpokenWord> words, List<SpokenWord> vocabulary, List<string> jsgf)
    {
        words.Add(word);
        vocabulary.Add(word);
        jsgf.Add(word.Text);
    }

    private static void AddNumber(long value, List<SpokenWord> words, List<SpokenWord> vocabulary, List<string> jsgf)
    {
        var written = value.ToString(CultureInfo.InvariantCulture);
        words.AddRange(NumberWords.ToWords(value).Split(' ').Select(w => new SpokenWord(w, written, SpokenWordKind.Number)));
        var expression = NumberWords.ToJsgf(value);
        jsgf.Add(expression);
        foreach (var w in expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsAsciiLetter(w[0])))
        {
            vocabulary.Add(new SpokenWord(w, written, SpokenWordKind.Number));
        }
    }

    /// <summary>Removes accents (é → e); returns null when a letter of another script remains.</summary>
    private static string? FoldToAscii(string text)
    {
        var decomposed = text.Replace("&", " and ", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetter(c) && !char.IsAsciiLetter(c))
            {
                return null;
            }

            sb.Append(c is '’' or '‘' ? '\'' : c);
        }

        return sb.ToString();
    }

    // Words (with inner apostrophes), decimals, and numbers with optional thousands separators or ordinal suffixes.
    [GeneratedRegex(@"\d+\.\d+|\d[\d,]*(?:st|nd|rd|th)?|[A-Za-z]+(?:'[A-Za-z]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^\d+\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();
}
