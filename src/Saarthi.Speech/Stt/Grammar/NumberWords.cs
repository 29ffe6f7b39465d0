using System.Globalization;

namespace Saarthi.Speech.Stt.Grammar;

/// <summary>
/// Whole numbers as English words, the way callers and espeak-ng say them: "six thousand", "four hundred and thirty
/// six", "five lakh", and as JSGF expressions that accept the usual variants ("a hundred" / "one hundred", an optional
/// "and" after hundreds, lakh or hundred-thousand).
/// </summary>
public static class NumberWords
{
    private static readonly string[] Ones =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly Dictionary<string, string> OrdinalOf = new(StringComparer.Ordinal)
    {
        ["one"] = "first", ["two"] = "second", ["three"] = "third", ["five"] = "fifth", ["eight"] = "eighth",
        ["nine"] = "ninth", ["twelve"] = "twelfth",
    };

    /// <summary>Digit words for reading numbers digit by digit (phone numbers).</summary>
    public static IReadOnlyList<string> Digits { get; } = Ones[..10];

    /// <summary>The words of cardinal numbers (what the reply grammar's number rules use).</summary>
    public static IReadOnlyCollection<string> CardinalVocabulary { get; } =
        [.. Ones, .. Tens.Where(t => t.Length > 0), "hundred", "thousand", "lakh", "crore", "and", "a"];

    /// <summary>Every word <see cref="ToWords"/>, <see cref="ToJsgf"/> and <see cref="ToOrdinalWords"/> can produce.</summary>
    public static IReadOnlyCollection<string> Vocabulary { get; } =
        [.. Ones, .. Tens.Where(t => t.Length > 0), "hundred", "thousand", "lakh", "crore", "and", "a", "point", "oh",
         .. Ones.Select(o => ToOrdinalWord(o)), .. Tens.Where(t => t.Length > 0).Select(ToOrdinalWord), "hundredth", "thousandth"];

    /// <summary>The canonical reading: 6000 → "six thousand", 436 → "four hundred thirty six", 500000 → "five lakh".</summary>
    public static string ToWords(long value) => string.Join(' ', Words(value, withAnd: false));

    /// <summary>"12" → "twelfth", "9" → "ninth", "21" → "twenty first".</summary>
    public static string ToOrdinalWords(long value)
    {
        var words = Words(value, withAnd: false);
        words[^1] = ToOrdinalWord(words[^1]);
        return string.Join(' ', words);
    }

    /// <summary>
    /// A JSGF expression for <paramref name="value"/>: "( one | a ) hundred [ and ] thirty six". Variants: "a" for a
    /// leading "one" before hundred/thousand/lakh; "and" optional after hundred/thousand/lakh; 100000 also as "one
    /// hundred thousand"; years such as 2025 also as "twenty twenty five".
    /// </summary>
    public static string ToJsgf(long value)
    {
        var main = Expression(Words(value, withAnd: true));
        var alternatives = new List<string> { main };
        if (value is >= 100_000 and < 1_000_000 && value % 1000 == 0)
        {
            alternatives.Add(Expression(Words(value / 1000, withAnd: true)) + " thousand");
        }

        if (value is >= 1100 and < 10_000 && value % 100 != 0 && value / 100 % 10 != 0)
        {
            alternatives.Add(Expression(Words(value / 100, withAnd: false)) + " " + Expression(Words(value % 100, withAnd: false)));
        }

        return alternatives.Count == 1 ? main : "( " + string.Join(" | ", alternatives) + " )";
    }

    /// <summary>Parses "6000", "6,000", "2.0" (→ null for non-integers), "12th" (ordinal).</summary>
    public static bool TryParse(string text, out long value, out bool ordinal)
    {
        ArgumentNullException.ThrowIfNull(text);
        ordinal = false;
        var t = text.Replace(",", string.Empty, StringComparison.Ordinal);
        foreach (var suffix in new[] { "st", "nd", "rd", "th" })
        {
            if (t.Length > suffix.Length && t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && char.IsAsciiDigit(t[^(suffix.Length + 1)]))
            {
                t = t[..^suffix.Length];
                ordinal = true;
                break;
            }
        }

        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < 1_000_000_000_000;
    }

    private static string ToOrdinalWord(string word)
    {
        if (OrdinalOf.TryGetValue(word, out var ordinal))
        {
            return ordinal;
        }

        return word.EndsWith('y') ? word[..^1] + "ieth" : word + "th";
    }

    private static List<string> Words(long value, bool withAnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0)
        {
            return ["zero"];
        }

        var words = new List<string>();
        void Group(long n, string? scale)
        {
            if (n == 0)
            {
                return;
            }

            if (words.Count > 0 && withAnd)
            {
                words.Add("[and]");
            }

            words.AddRange(BelowThousand((int)n, withAnd));
            if (scale is not null)
            {
                words.Add(scale);
            }
        }

        // Indian grouping above a lakh (5,00,000 → five lakh; 1,00,00,000 → one crore); thousands below.
        Group(value / 10_000_000, "crore");
        Group(value / 100_000 % 100, "lakh");
        Group(value / 1000 % 100, "thousand");
        Group(value % 1000, null);
        return words;
    }

    private static List<string> BelowThousand(int n, bool withAnd)
    {
        var words = new List<string>();
        if (n >= 100)
        {
            words.Add(Ones[n / 100]);
            words.Add("hundred");
            n %= 100;
            if (n > 0 && withAnd)
            {
                words.Add("[and]");
            }
        }

        if (n >= 20)
        {
            words.Add(Tens[n / 10]);
            if (n % 10 > 0)
            {
                words.Add(Ones[n % 10]);
            }
        }
        else if (n > 0)
        {
            words.Add(Ones[n]);
        }

        return words;
    }

    /// <summary>Joins words into JSGF, turning "[and]" markers into optionals and a leading "one" before a scale word into "( one | a )".</summary>
    private static string Expression(List<string> words)
    {
        var parts = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w == "[and]")
            {
                if (parts.Count > 0 && parts[^1] != "[ and ]")
                {
                    parts.Add("[ and ]");
                }

                continue;
            }

            var beforeScale = i + 1 < words.Count && words[i + 1] is "hundred" or "thousand" or "lakh" or "crore";
            parts.Add(w == "one" && beforeScale && i == 0 ? "( one | a )" : w);
        }

        return string.Join(' ', parts);
    }
}
